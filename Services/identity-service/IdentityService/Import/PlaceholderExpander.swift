import Foundation

/// Expands `${NAME}`, `${NAME:default}` and `${env.NAME}` placeholders in realm files, as
/// Keycloak's import does, so one file serves every deployment (`${PUBLIC_URL}/callback`,
/// `${PACS_CLIENT_SECRET}`). Values are JSON-string-escaped: placeholders belong inside strings.
public enum PlaceholderExpander {
    /// Expands every placeholder.
    /// - Parameters:
    ///   - text: The file's text.
    ///   - values: Variable values (the environment plus `PUBLIC_URL` from configuration).
    /// - Returns: The expanded text.
    /// - Throws: ``IdentityError`` `.invalidRequest` naming a variable that is unset and has no default.
    public static func expand(_ text: String, values: [String: String]) throws -> String {
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            output += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                output += rest[start.lowerBound...]
                return output
            }
            let body = String(rest[start.upperBound..<end])
            var name = body
            var fallback: String?
            if let colon = body.firstIndex(of: ":") {
                name = String(body[..<colon])
                fallback = String(body[body.index(after: colon)...])
            }
            if name.hasPrefix("env.") { name = String(name.dropFirst(4)) }
            guard isVariableName(name) else {
                output += rest[start.lowerBound...end]
                rest = rest[rest.index(after: end)...]
                continue
            }
            guard let value = values[name].flatMap({ $0.isEmpty ? nil : $0 }) ?? fallback else {
                throw IdentityError(.invalidRequest, "realm file uses ${\(name)} but \(name) is not set")
            }
            output += jsonEscaped(value)
            rest = rest[rest.index(after: end)...]
        }
        output += rest
        return output
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }

    static func jsonEscaped(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 { result += String(format: "\\u%04x", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
