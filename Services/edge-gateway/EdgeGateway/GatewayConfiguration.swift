import Foundation
import ServiceSupport

/// edge-gateway's configuration.
///
/// Keys: the shared server keys (`HTTP_HOST`, `HTTP_PORT` = 8080, `PUBLIC_URL`, `LOG_LEVEL`,
/// `LOG_FORMAT`, `SHUTDOWN_TIMEOUT`) and:
/// - `GATEWAY_IDENTITY_URLS` urls, `http://127.0.0.1:8081` — identity-service replicas.
/// - `GATEWAY_PACS_URLS` urls, `http://127.0.0.1:8042` — pacs-service replicas.
public struct GatewayConfiguration: Sendable {
    /// Listening and logging.
    public var server: ServerSettings
    /// identity-service replicas (base URLs without trailing slash).
    public var identityURLs: [String]
    /// pacs-service replicas (base URLs without trailing slash).
    public var pacsURLs: [String]

    /// Every key the gateway reads beyond the shared server keys.
    public static let keys: [ConfigurationKey] = [.gatewayIdentityURLs, .gatewayPACSURLs]

    /// Reads and validates the configuration.
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public init(config: ConfigValues, server: ServerSettings) throws {
        self.server = server
        identityURLs = try Self.urlList(config, .gatewayIdentityURLs, default: "http://127.0.0.1:8081")
        pacsURLs = try Self.urlList(config, .gatewayPACSURLs, default: "http://127.0.0.1:8042")
    }

    /// A comma-separated list of absolute http(s) URLs.
    static func urlList(_ config: ConfigValues, _ key: ConfigurationKey, default defaultValue: String) throws -> [String] {
        let items = config.string(key, default: defaultValue).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty else { throw ConfigurationError(.invalid, key: key.name, reason: "needs at least one URL") }
        return try items.map { item in
            let single = ConfigValues(environment: [key.environmentName: item])
            return try single.httpURL(key, default: item)
        }
    }
}

extension ConfigurationKey {
    /// `GATEWAY_IDENTITY_URLS`
    public static let gatewayIdentityURLs = ConfigurationKey(
        "gateway.identity.urls", type: "urls", default: "http://127.0.0.1:8081", summary: "identity-service replicas, comma-separated")
    /// `GATEWAY_PACS_URLS`
    public static let gatewayPACSURLs = ConfigurationKey(
        "gateway.pacs.urls", type: "urls", default: "http://127.0.0.1:8042", summary: "pacs-service replicas, comma-separated")
}
