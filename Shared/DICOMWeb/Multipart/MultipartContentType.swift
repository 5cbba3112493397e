/// A parsed `multipart/related` Content-Type (RFC 2387 §3, PS3.18 §8.6.1.2).
public struct MultipartContentType: Sendable, Hashable {
    /// The boundary parameter (1–70 characters, RFC 2046 §5.1.1).
    public var boundary: String
    /// The `type` parameter: the root part's media type, e.g. `application/dicom`.
    public var type: String?
    /// The `transfer-syntax` parameter, when given.
    public var transferSyntax: String?

    /// Parses a Content-Type header value.
    /// - Parameter header: e.g. `multipart/related; type="application/dicom"; boundary=abc`.
    /// - Throws: `DICOMWebError.Code.invalidContentType` unless it is multipart/related with a valid boundary.
    public init(_ header: String) throws(DICOMWebError) {
        let parts = MultipartContentType.splitParameters(header)
        guard let media = parts.first?.lowercased(), media == "multipart/related" else {
            throw DICOMWebError(.invalidContentType, detail: "not multipart/related")
        }
        var boundary: String?
        for parameter in parts.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = String(parameter[..<equals]).trimmingCharacters(in: " \t").lowercased()
            var value = String(parameter[parameter.index(after: equals)...]).trimmingCharacters(in: " \t")
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = MultipartContentType.unquote(value.dropFirst().dropLast())
            }
            switch name {
            case "boundary": boundary = value
            case "type": type = value
            case "transfer-syntax": transferSyntax = value
            default: continue
            }
        }
        guard let boundary, (1...70).contains(boundary.utf8.count), !boundary.hasSuffix(" ") else {
            throw DICOMWebError(.invalidContentType, detail: "missing or invalid boundary")
        }
        self.boundary = boundary
    }

    /// Builds a Content-Type value.
    /// - Parameters:
    ///   - boundary: the boundary.
    ///   - type: the root media type, e.g. `application/dicom`.
    /// - Returns: the header value.
    public static func headerValue(boundary: String, type: String) -> String {
        "multipart/related; type=\"\(type)\"; boundary=\(boundary)"
    }

    /// Removes backslash escapes from a quoted-string body (RFC 9110 §5.6.4).
    static func unquote(_ text: Substring) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if !escaped && character == "\\" { escaped = true; continue }
            escaped = false
            result.append(character)
        }
        return result
    }

    /// Splits on semicolons outside quotes.
    static func splitParameters(_ header: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in header {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" && quoted { current.append(character); escaped = true; continue }
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                result.append(current.trimmingCharacters(in: " \t"))
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current.trimmingCharacters(in: " \t"))
        return result
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        let scalars = unicodeScalars
        let trim = Set(set.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !trim.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !trim.contains($0) })!
        return String(scalars[first...last])
    }
}
