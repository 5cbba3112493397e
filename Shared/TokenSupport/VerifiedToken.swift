import Foundation

/// What a verified access token says about its bearer, whichever way it was checked
/// (local JWT verification or RFC 7662 introspection).
public struct VerifiedToken: Sendable, Equatable {
    /// `sub`: the user (or service account) id.
    public var subject: String
    /// `preferred_username` / `username`, when present.
    public var username: String?
    /// `iss`.
    public var issuer: String
    /// `aud` values.
    public var audience: [String]
    /// `azp` / `client_id`.
    public var clientID: String?
    /// Realm roles (`realm_access.roles`).
    public var realmRoles: Set<String>
    /// Client roles by client id (`resource_access.<client>.roles`).
    public var clientRoles: [String: Set<String>]
    /// Scopes.
    public var scopes: Set<String>
    /// `exp`: after this instant the token is no longer accepted.
    public var expiresAt: Date

    /// Creates a verified identity.
    public init(
        subject: String, username: String? = nil, issuer: String, audience: [String] = [], clientID: String? = nil,
        realmRoles: Set<String> = [], clientRoles: [String: Set<String>] = [:], scopes: Set<String> = [], expiresAt: Date
    ) {
        self.subject = subject
        self.username = username
        self.issuer = issuer
        self.audience = audience
        self.clientID = clientID
        self.realmRoles = realmRoles
        self.clientRoles = clientRoles
        self.scopes = scopes
        self.expiresAt = expiresAt
    }

    /// Builds the identity from checked claims.
    init(claims: AccessTokenClaims, issuer: String, expiresAt: Date) {
        self.init(
            subject: claims.subject ?? "",
            username: claims.preferredUsername,
            issuer: issuer,
            audience: claims.audience?.value ?? [],
            clientID: claims.authorizedParty,
            realmRoles: Set(claims.realmAccess?.roles ?? []),
            clientRoles: (claims.resourceAccess ?? [:]).mapValues { Set($0.roles) },
            scopes: Set((claims.scope ?? "").split(separator: " ").map(String.init)),
            expiresAt: expiresAt
        )
    }
}
