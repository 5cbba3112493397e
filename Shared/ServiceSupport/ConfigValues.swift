import Configuration
import Foundation
import SystemPackage

/// Typed, validated access to a service's configuration.
///
/// Values come, in order of precedence, from the process environment, an optional
/// `.env` file and an optional JSON config file (swift-configuration providers).
/// Every accessor validates the value and throws a ``ConfigurationError`` that names
/// the key when it is malformed, so a bad setting stops the service at start-up with
/// a clear message instead of being silently replaced by a default.
public struct ConfigValues: Sendable {
    let reader: ConfigReader

    /// Creates values over an existing reader (tests use an in-memory provider).
    public init(reader: ConfigReader) {
        self.reader = reader
    }

    /// Creates values over a fixed dictionary of environment-style variables (`HTTP_PORT` …).
    /// - Parameter environment: Variables as they would appear in the environment.
    public init(environment: [String: String]) {
        self.reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
    }

    /// Loads the environment, then `envFile` when it exists, then `configFile` when given.
    /// - Parameters:
    ///   - environment: Process environment (defaults to the real one).
    ///   - envFile: Path of a `.env` file; a missing file is fine.
    ///   - configFile: Path of a JSON config file; when given it must exist and parse.
    /// - Throws: ``ConfigurationError`` with code `.unreadableSource` when a file is malformed.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        envFile: String = ".env",
        configFile: String? = nil
    ) async throws -> ConfigValues {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: environment)]
        do {
            providers.append(try await EnvironmentVariablesProvider(environmentFilePath: FilePath(envFile), allowMissing: true))
        } catch {
            throw ConfigurationError(.unreadableSource, key: envFile, reason: "malformed .env file")
        }
        if let configFile {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile)))
            } catch {
                throw ConfigurationError(.unreadableSource, key: configFile, reason: "missing or not valid JSON")
            }
        }
        return ConfigValues(reader: ConfigReader(providers: providers))
    }

    /// Whether any source has a value for the key.
    public func has(_ key: ConfigurationKey) -> Bool {
        rawString(key) != nil || reader.int(forKey: ConfigKey(key.name)) != nil || reader.bool(forKey: ConfigKey(key.name)) != nil
    }

    /// A string value, or `nil` when unset or empty.
    public func string(_ key: ConfigurationKey) -> String? {
        guard let value = rawString(key), !value.isEmpty else { return nil }
        return value
    }

    /// A string value with a default.
    public func string(_ key: ConfigurationKey, default defaultValue: String) -> String {
        string(key) ?? defaultValue
    }

    /// A required string value.
    /// - Throws: ``ConfigurationError`` `.missing` when unset.
    public func requiredString(_ key: ConfigurationKey) throws -> String {
        guard let value = string(key) else { throw ConfigurationError(.missing, key: key.name, reason: "is required") }
        return value
    }

    /// An integer within `range`, or `defaultValue` when unset.
    /// - Throws: ``ConfigurationError`` `.invalid` when not an integer or out of range.
    public func int(_ key: ConfigurationKey, default defaultValue: Int, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        let value: Int
        if let number = reader.int(forKey: ConfigKey(key.name)) {
            value = number
        } else if let text = rawString(key), !text.isEmpty {
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigurationError(.invalid, key: key.name, reason: "must be an integer")
            }
            value = number
        } else {
            return defaultValue
        }
        guard range.contains(value) else {
            throw ConfigurationError(.invalid, key: key.name, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A boolean (`true/false/1/0/yes/no/on/off`), or `defaultValue` when unset.
    /// - Throws: ``ConfigurationError`` `.invalid` for any other text.
    public func bool(_ key: ConfigurationKey, default defaultValue: Bool) throws -> Bool {
        if let flag = reader.bool(forKey: ConfigKey(key.name)) { return flag }
        guard let text = rawString(key)?.lowercased(), !text.isEmpty else { return defaultValue }
        switch text {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigurationError(.invalid, key: key.name, reason: "must be true or false")
        }
    }

    /// An absolute http(s) URL, or `defaultValue` when unset. A trailing slash is removed.
    /// - Throws: ``ConfigurationError`` `.invalid` when not an absolute http or https URL.
    public func httpURL(_ key: ConfigurationKey, default defaultValue: String) throws -> String {
        let text = string(key) ?? defaultValue
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw ConfigurationError(.invalid, key: key.name, reason: "must be an absolute http:// or https:// URL")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// One of the allowed words (case-insensitive), or `defaultValue` when unset.
    /// - Throws: ``ConfigurationError`` `.invalid` when the word is not allowed.
    public func choice(_ key: ConfigurationKey, default defaultValue: String, allowed: [String]) throws -> String {
        guard let text = string(key)?.lowercased() else { return defaultValue }
        guard allowed.contains(text) else {
            throw ConfigurationError(.invalid, key: key.name, reason: "must be one of \(allowed.joined(separator: ", "))")
        }
        return text
    }

    /// A secret string, marked as such so that access reporting never prints it.
    public func secret(_ key: ConfigurationKey) -> String? {
        guard let value = reader.string(forKey: ConfigKey(key.name), isSecret: true), !value.isEmpty else { return nil }
        return value
    }

    private func rawString(_ key: ConfigurationKey) -> String? {
        reader.string(forKey: ConfigKey(key.name), isSecret: key.isSecret)
    }
}
