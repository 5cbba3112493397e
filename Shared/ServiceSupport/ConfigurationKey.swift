import Foundation

/// One documented configuration setting: its key, type, default and meaning.
///
/// A key is written in dotted form (`http.port`); the environment variable is the
/// same key upper-cased with `_` for `.` (`HTTP_PORT`), and a JSON config file nests
/// it (`{"http": {"port": 8081}}`). Every service lists its keys so that `--help`,
/// the README and start-up validation all come from one place.
public struct ConfigurationKey: Sendable, Hashable {
    /// Dotted key, e.g. `database.url`.
    public let name: String
    /// Human-readable type, e.g. `int`, `string`, `url`, `bool`, `seconds`.
    public let type: String
    /// The default as users should read it, or `nil` when the key is required or optional without default.
    public let defaultDescription: String?
    /// One-line meaning of the setting.
    public let summary: String
    /// Whether the value is a secret: never logged, never printed.
    public let isSecret: Bool

    /// Creates a documented key.
    /// - Parameters:
    ///   - name: Dotted key.
    ///   - type: Human-readable type.
    ///   - defaultDescription: Default as shown in help; `nil` when none.
    ///   - summary: One-line meaning.
    ///   - isSecret: Whether the value must never be logged.
    public init(_ name: String, type: String, default defaultDescription: String? = nil, summary: String, isSecret: Bool = false) {
        self.name = name
        self.type = type
        self.defaultDescription = defaultDescription
        self.summary = summary
        self.isSecret = isSecret
    }

    /// The environment variable that sets this key, e.g. `HTTP_PORT`.
    public var environmentName: String {
        name.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}

extension Array where Element == ConfigurationKey {
    /// A plain-text table of the keys for `--help`.
    public var helpText: String {
        let width = (map(\.environmentName.count).max() ?? 0) + 2
        return map { key in
            let padded = key.environmentName.padding(toLength: width, withPad: " ", startingAt: 0)
            let fallback = key.defaultDescription.map { " (default: \($0))" } ?? ""
            return "  \(padded)\(key.type): \(key.summary)\(fallback)"
        }.joined(separator: "\n")
    }
}
