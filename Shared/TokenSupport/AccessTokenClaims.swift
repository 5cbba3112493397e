import Foundation
import JWTKit

/// The claims of an access token as identity-service (and Keycloak) issue them.
///
/// Time claims are checked by ``JWTVerifier`` with its own clock and leeway, not here, so
/// `verify(using:)` only confirms that the payload decoded.
public struct AccessTokenClaims: JWTPayload, Equatable {
    /// Roles under `realm_access` or one `resource_access` entry.
    public struct Roles: Codable, Sendable, Equatable {
        /// The role names.
        public var roles: [String]
        /// Creates a role list.
        public init(roles: [String]) { self.roles = roles }
    }

    /// `iss` (RFC 7519 §4.1.1).
    public var issuer: String?
    /// `sub` (RFC 7519 §4.1.2).
    public var subject: String?
    /// `aud` (RFC 7519 §4.1.3): one string or an array.
    public var audience: AudienceClaim?
    /// `exp` (RFC 7519 §4.1.4), seconds since 1970.
    public var expiration: Double?
    /// `nbf` (RFC 7519 §4.1.5).
    public var notBefore: Double?
    /// `iat` (RFC 7519 §4.1.6).
    public var issuedAt: Double?
    /// `azp`: the client the token was issued to (OIDC Core §2).
    public var authorizedParty: String?
    /// `typ` (Keycloak: `Bearer` for access tokens, `ID` for ID tokens).
    public var type: String?
    /// `scope`: space-separated scopes.
    public var scope: String?
    /// `preferred_username`.
    public var preferredUsername: String?
    /// `realm_access.roles` (Keycloak).
    public var realmAccess: Roles?
    /// `resource_access.<client>.roles` (Keycloak).
    public var resourceAccess: [String: Roles]?
    /// `sid`: the login session.
    public var sessionID: String?
    /// `nonce` (ID tokens, OIDC Core §2).
    public var nonce: String?

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", subject = "sub", audience = "aud", expiration = "exp", notBefore = "nbf", issuedAt = "iat"
        case authorizedParty = "azp", type = "typ", scope, preferredUsername = "preferred_username"
        case realmAccess = "realm_access", resourceAccess = "resource_access", sessionID = "sid", nonce
    }

    /// Creates claims (tests and token issuers).
    public init(
        issuer: String? = nil, subject: String? = nil, audience: [String]? = nil, expiration: Date? = nil, notBefore: Date? = nil,
        issuedAt: Date? = nil, authorizedParty: String? = nil, type: String? = nil, scope: String? = nil,
        preferredUsername: String? = nil, realmRoles: [String]? = nil, clientRoles: [String: [String]]? = nil,
        sessionID: String? = nil, nonce: String? = nil
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience.map { AudienceClaim(value: $0) }
        self.expiration = expiration.map { $0.timeIntervalSince1970.rounded(.down) }
        self.notBefore = notBefore.map { $0.timeIntervalSince1970.rounded(.down) }
        self.issuedAt = issuedAt.map { $0.timeIntervalSince1970.rounded(.down) }
        self.authorizedParty = authorizedParty
        self.type = type
        self.scope = scope
        self.preferredUsername = preferredUsername
        self.realmAccess = realmRoles.map { Roles(roles: $0) }
        self.resourceAccess = clientRoles?.mapValues { Roles(roles: $0) }
        self.sessionID = sessionID
        self.nonce = nonce
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
