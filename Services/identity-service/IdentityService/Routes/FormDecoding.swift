/// `application/x-www-form-urlencoded` decoding (the WHATWG URL standard's parser), on
/// UTF-8 bytes: every token, introspection and revocation request parses a form, so this
/// avoids Foundation's string searching and percent decoding.
public enum FormDecoding {
    /// Decodes `+` as space and percent escapes.
    /// - Returns: nil for a malformed escape or bytes that are not UTF-8.
    public static func decode(_ text: some StringProtocol) -> String? {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == plus || $0 == percent }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            switch byte {
            case plus:
                bytes.append(UInt8(ascii: " "))
            case percent:
                guard index != utf8.endIndex, let high = hexValue(utf8[index]) else { return nil }
                utf8.formIndex(after: &index)
                guard index != utf8.endIndex, let low = hexValue(utf8[index]) else { return nil }
                utf8.formIndex(after: &index)
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Parses a form body into single-valued parameters.
    /// - Parameter body: The body text.
    /// - Returns: Name → value.
    /// - Throws: ``IdentityError`` `.invalidRequest` for malformed encoding or a repeated parameter (RFC 6749 §3.1).
    public static func parameters(_ body: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in body.utf8.split(separator: ampersand, omittingEmptySubsequences: true) {
            let pair = Substring(pair)
            let name: String?
            let value: String?
            if let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) {
                name = decode(pair[..<equals])
                value = decode(pair[pair.utf8.index(after: equals)...])
            } else {
                name = decode(pair)
                value = ""
            }
            guard let name, let value else { throw IdentityError(.invalidRequest, "Malformed form encoding") }
            guard result[name] == nil else { throw IdentityError(.invalidRequest, "Duplicated parameter: \(name.prefix(64))") }
            result[name] = value
        }
        return result
    }

    private static let plus = UInt8(ascii: "+")
    private static let percent = UInt8(ascii: "%")
    private static let ampersand = UInt8(ascii: "&")

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
