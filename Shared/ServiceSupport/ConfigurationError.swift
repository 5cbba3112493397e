import Foundation

/// A configuration problem found at start-up. Its description names the key and the
/// environment variable but never echoes a secret value.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// A required key has no value.
        case missing
        /// A value is present but not of the expected type or range.
        case invalid
        /// A source (the `.env` file or the config file) could not be read.
        case unreadableSource
    }

    /// The kind of problem.
    public var code: Code
    /// The key at fault (dotted form), or the file path for `.unreadableSource`.
    public var key: String
    /// Why the value was refused; never contains a secret.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, key: String, reason: String) {
        self.code = code
        self.key = key
        self.reason = reason
    }

    public var description: String {
        switch code {
        case .unreadableSource:
            return "configuration error: cannot read \(key): \(reason)"
        case .missing, .invalid:
            let environmentName = key.uppercased().replacingOccurrences(of: ".", with: "_")
            return "configuration error: \(environmentName) (config key '\(key)'): \(reason)"
        }
    }
}
