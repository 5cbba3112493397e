import Foundation
import ServiceSupport
import TokenSupport

extension GatewayConfiguration {
    /// A comma-separated list of absolute http(s) URLs.
    static func urlList(_ config: ConfigValues, _ key: ConfigurationKey, default defaultValue: String) throws -> [String] {
        let items = config.string(key, default: defaultValue).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty else { throw ConfigurationError(.invalid, key: key.name, reason: "needs at least one URL") }
        return try items.map { item in
            let single = ConfigValues(environment: [key.environmentName: item])
            return try single.httpURL(key, default: item)
        }
    }

    /// A comma-separated list of words; empty when unset.
    static func list(_ config: ConfigValues, _ key: ConfigurationKey) -> [String] {
        (config.string(key) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A name of letters, digits, `-`, `_` and `.`.
    static func word(_ config: ConfigValues, _ key: ConfigurationKey, default defaultValue: String) throws -> String {
        let value = config.string(key, default: defaultValue)
        guard !value.isEmpty, value.count <= 128, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw ConfigurationError(.invalid, key: key.name, reason: "must be letters, digits, '-', '_' or '.'")
        }
        return value
    }

    /// A path prefix like `/pacs`: starts with `/`, no trailing `/`, plain segments.
    static func prefix(_ config: ConfigValues, _ key: ConfigurationKey, default defaultValue: String) throws -> String {
        var value = config.string(key, default: defaultValue)
        if value.count > 1, value.hasSuffix("/") { value.removeLast() }
        let segments = value.split(separator: "/")
        guard value.hasPrefix("/"), !segments.isEmpty,
              segments.allSatisfy({ $0 != "." && $0 != ".." && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.~".contains($0)) } })
        else {
            throw ConfigurationError(.invalid, key: key.name, reason: "must be a path like /name")
        }
        return value
    }

    /// A byte size: digits with an optional `k`, `m` or `g` (binary) suffix.
    static func size(_ config: ConfigValues, _ key: ConfigurationKey, default defaultValue: String) throws -> Int64 {
        let text = config.string(key, default: defaultValue).lowercased().trimmingCharacters(in: .whitespaces)
        let multipliers: [Character: Int64] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let last = text.last, let factor = multipliers[last] {
            multiplier = factor
            digits = digits.dropLast()
        }
        guard let number = Int64(digits), number >= 0, number <= Int64.max / multiplier else {
            throw ConfigurationError(.invalid, key: key.name, reason: "must be a byte count like 1048576, 512k, 64m or 8g")
        }
        return number * multiplier
    }

    /// The allowed JWT algorithms.
    static func algorithms(_ config: ConfigValues) throws -> Set<SigningAlgorithm> {
        let names = list(config, .gatewayJWTAlgorithms)
        guard !names.isEmpty else { return SigningAlgorithm.defaultAllowed }
        return Set(try names.map { name in
            guard let algorithm = SigningAlgorithm(rawValue: name) else {
                throw ConfigurationError(.invalid, key: ConfigurationKey.gatewayJWTAlgorithms.name, reason: "'\(name)' is not an accepted asymmetric JWS algorithm")
            }
            return algorithm
        })
    }

    /// The TLS files (both or neither) and the redirect port.
    static func tls(_ config: ConfigValues) throws -> TLSSettings? {
        let certificate = config.string(.gatewayTLSCertFile)
        let key = config.string(.gatewayTLSKeyFile)
        let redirect = try config.int(.gatewayHTTPRedirectPort, default: -1, range: -1...65535)
        guard let certificate, let key else {
            if certificate != nil || key != nil {
                throw ConfigurationError(.invalid, key: ConfigurationKey.gatewayTLSKeyFile.name, reason: "GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE go together")
            }
            if redirect >= 0 {
                throw ConfigurationError(.invalid, key: ConfigurationKey.gatewayHTTPRedirectPort.name, reason: "needs TLS to be configured")
            }
            return nil
        }
        for (file, configKey) in [(certificate, ConfigurationKey.gatewayTLSCertFile), (key, .gatewayTLSKeyFile)] {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ConfigurationError(.invalid, key: configKey.name, reason: "is not a readable file")
            }
        }
        return TLSSettings(certificateFile: certificate, keyFile: key, redirectPort: redirect >= 0 ? redirect : nil)
    }

    /// The per-route CORS policies: exact `scheme://host[:port]` origins or `*`.
    static func corsPolicies(_ config: ConfigValues) throws -> [String: CORSPolicy] {
        var policies: [String: CORSPolicy] = [:]
        for (route, key) in [("auth", ConfigurationKey.gatewayAuthCORSOrigins), ("pacs", .gatewayPACSCORSOrigins), ("viewer", .gatewayViewerCORSOrigins)] {
            let origins = list(config, key)
            guard !origins.isEmpty else { continue }
            for origin in origins where origin != "*" {
                guard let url = URLComponents(string: origin), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
                      url.host?.isEmpty == false, url.path.isEmpty, url.query == nil
                else {
                    throw ConfigurationError(.invalid, key: key.name, reason: "'\(origin)' is not an origin like https://viewer.example.org or *")
                }
            }
            policies[route] = CORSPolicy(origins: Set(origins))
        }
        return policies
    }
}
