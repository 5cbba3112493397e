import ServiceSupport

/// `application/x-www-form-urlencoded` query parsing (WHATWG URL §5.1): `&`-separated
/// `name=value` pairs, `+` as space, percent-decoding of names and values, order kept.
enum QueryString {
    /// Parses a raw query (without `?`).
    /// - Returns: The pairs in order; repeated names stay separate.
    /// - Throws: ``PACSError`` `.badRequest` for a malformed percent escape or invalid UTF-8.
    static func parse(_ query: String?) throws -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        var pairs: [(name: String, value: String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            pairs.append((name, value))
        }
        return pairs
    }

    private static func decode(_ text: Substring) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(HexDigit.value), let low = iterator.next().flatMap(HexDigit.value) else {
                    throw PACSError(.badRequest, "malformed percent-encoding in the query")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PACSError(.badRequest, "query is not valid UTF-8")
        }
        return text
    }
}
