import Foundation

/// A parsed `Content-Type` / `Accept` media type: `type/subtype; name=value; …` (RFC 9110 §8.3.1).
public struct HeaderMediaType: Sendable, Hashable {
    /// `type/subtype`, lower-cased.
    public var essence: String
    /// Parameters with lower-cased names; quoted values unquoted.
    public var parameters: [String: String]

    /// Parses a media type.
    /// - Returns: nil when there is no `type/subtype`.
    public init?(_ text: some StringProtocol) {
        var pieces = HeaderMediaType.splitParameters(String(text))
        guard !pieces.isEmpty else { return nil }
        let essence = pieces.removeFirst().trimmingCharacters(in: .whitespaces).lowercased()
        guard essence.split(separator: "/").count == 2 else { return nil }
        self.essence = essence
        var parameters: [String: String] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            parameters[name] = value
        }
        self.parameters = parameters
    }

    /// Splits on `;` outside double quotes.
    private static func splitParameters(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        return result.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
