import ServiceSupport

/// `application/x-www-form-urlencoded` decoding (the WHATWG URL standard's parser), on
/// UTF-8 bytes: every token, introspection and revocation request parses a form, so this
/// avoids Foundation's string searching and percent decoding.
public enum FormDecoding {
    /// Decodes `+` as space and percent escapes.
    /// - Returns: nil for a malformed escape or bytes that are not UTF-8.
    public static func decode(_ text: some StringProtocol) -> String? {
        var text = String(text)
        return text.withUTF8 { decode(bytes: $0) }
    }

    /// Parses a form body into single-valued parameters.
    /// - Parameter body: The body text.
    /// - Returns: Name → value.
    /// - Throws: ``IdentityError`` `.invalidRequest` for malformed encoding or a repeated parameter (RFC 6749 §3.1).
    public static func parameters(_ body: String) throws -> [String: String] {
        var body = body
        return try body.withUTF8 { bytes in
            var result: [String: String] = [:]
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: ampersand) ?? bytes.count
                defer { start = end + 1 }
                guard end > start else { continue }
                let pair = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let name: String?
                let value: String?
                if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                    name = decode(bytes: UnsafeBufferPointer(rebasing: pair[..<equals]))
                    value = decode(bytes: UnsafeBufferPointer(rebasing: pair[(equals + 1)...]))
                } else {
                    name = decode(bytes: pair)
                    value = ""
                }
                guard let name, let value else { throw IdentityError(.invalidRequest, "Malformed form encoding") }
                guard result[name] == nil else { throw IdentityError(.invalidRequest, "Duplicated parameter: \(name.prefix(64))") }
                result[name] = value
            }
            return result
        }
    }

    /// Decodes one name or value, given as UTF-8 that is valid on its own (`&` and `=` never
    /// split a character): copied as is unless it has `+` or `%`.
    private static func decode(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.contains(where: { $0 == plus || $0 == percent }) else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case plus:
                decoded.append(UInt8(ascii: " "))
            case percent:
                guard index + 1 < bytes.count, let high = HexDigit.value(bytes[index]), let low = HexDigit.value(bytes[index + 1]) else { return nil }
                index += 2
                decoded.append(high << 4 | low)
            default:
                decoded.append(byte)
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }

    private static let plus = UInt8(ascii: "+")
    private static let percent = UInt8(ascii: "%")
    private static let ampersand = UInt8(ascii: "&")
}
