import Foundation
import ServiceSupport

/// How pacs-service verifies bearer tokens.
///
/// Keys (environment name, type, default):
/// - `PACS_AUTH` `jwt|disabled`, `jwt` — verify bearer tokens; `disabled` is for development only
///   and logs a loud warning at start.
/// - `PACS_REALM` string, `ohif` — the realm whose tokens are accepted.
/// - `PACS_ISSUER` url, `${PUBLIC_URL}/auth/realms/${PACS_REALM}` — the expected `iss`.
/// - `PACS_IDENTITY_URLS` urls, `http://127.0.0.1:8081` — identity-service replicas for discovery and JWKS.
public struct PACSAuthSettings: Sendable {
    /// Whether bearer tokens are verified.
    public var enabled: Bool
    /// The realm whose tokens are accepted.
    public var realm: String
    /// The expected token issuer.
    public var issuer: String
    /// identity-service replicas (back channel).
    public var identityURLs: [String]

    /// The documented keys.
    public static let keys: [ConfigurationKey] = [.pacsAuth, .pacsRealm, .pacsIssuer, .pacsIdentityURLs]

    /// Reads and validates the settings.
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public init(config: ConfigValues, server: ServerSettings) throws {
        enabled = try config.choice(.pacsAuth, default: "jwt", allowed: ["jwt", "disabled"]) == "jwt"
        realm = config.string(.pacsRealm, default: "ohif")
        guard !realm.isEmpty, realm.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ConfigurationError(.invalid, key: ConfigurationKey.pacsRealm.name, reason: "must be letters, digits, - or _")
        }
        issuer = try config.httpURL(.pacsIssuer, default: "\(server.publicURL)/auth/realms/\(realm)")
        identityURLs = try config.string(.pacsIdentityURLs, default: "http://127.0.0.1:8081").split(separator: ",").map { item in
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(.invalid, key: ConfigurationKey.pacsIdentityURLs.name, reason: "must list http(s) URLs")
            }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }
    }
}
