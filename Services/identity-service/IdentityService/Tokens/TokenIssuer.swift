import Crypto
import Foundation
import Logging

/// Issues access, ID and refresh tokens with Keycloak-shaped claims.
public struct TokenIssuer: Sendable {
    let keys: SigningKeyRing
    let grants: any GrantStore
    let roles: any RoleStore
    /// The stack's public URL (`PUBLIC_URL`), without a trailing slash.
    let publicURL: String
    /// Effective roles are read through this cache.
    let cache: DirectoryCache

    /// Creates an issuer.
    public init(keys: SigningKeyRing, grants: any GrantStore, roles: any RoleStore, publicURL: String, cache: DirectoryCache = DirectoryCache()) {
        self.keys = keys
        self.grants = grants
        self.roles = roles
        self.publicURL = publicURL
        self.cache = cache
    }

    /// The realm's issuer: `${frontendUrl}/realms/{realm}` or `${PUBLIC_URL}/auth/realms/{realm}`.
    public func issuer(for realm: Realm) -> String {
        let base = realm.settings.frontendURL ?? "\(publicURL)/auth"
        return "\(base)/realms/\(realm.name)"
    }

    /// What a token grant is about.
    public struct Subject: Sendable {
        /// The realm.
        public var realm: Realm
        /// The client the tokens are for.
        public var client: Client
        /// The user (a service-account user for client_credentials).
        public var user: User
        /// The SSO session, nil for client_credentials.
        public var session: SSOSession?
        /// Granted scope.
        public var scope: String
        /// ID-token nonce.
        public var nonce: String?
        /// The session the refresh token belongs to when not `session`: the offline session
        /// created for scope `offline_access` (its refresh token is an `Offline` token).
        public var refreshSession: SSOSession?
        /// The refresh token's record when the grant already stored it (the refresh grant
        /// stores the replacement in the statement that redeems the old token).
        public var storedRefreshToken: RefreshTokenRecord?

        /// Creates a subject.
        public init(realm: Realm, client: Client, user: User, session: SSOSession?, scope: String, nonce: String? = nil) {
            self.realm = realm
            self.client = client
            self.user = user
            self.session = session
            self.scope = scope
            self.nonce = nonce
        }
    }

    /// Issues the tokens for a grant.
    /// - Parameters:
    ///   - subject: Realm, client, user, session and scope.
    ///   - withRefreshToken: Whether to issue (and record) a refresh token; needs a session.
    ///   - now: The time of issue.
    ///   - logger: Logger.
    /// - Returns: The token endpoint's response.
    public func issue(_ subject: Subject, withRefreshToken: Bool, now: Date = Date(), logger: Logger) async throws -> TokenResponse {
        let realm = subject.realm
        let lifespan = realm.settings.accessTokenLifespan
        let effective = try await effectiveRoles(subject, logger: logger)
        var access = TokenClaims(kind: .access, issuer: issuer(for: realm), clientID: subject.client.clientID, issuedAt: now, lifespan: lifespan)
        access.sub = subject.user.id.lowercasedText
        access.sid = subject.session?.id.lowercasedText
        access.authTime = subject.session.map { Int($0.authTime.timeIntervalSince1970) }
        access.acr = "1"
        access.scope = subject.scope
        access.realmAccess = RoleList(effective.realm)
        if !effective.clients.isEmpty {
            access.resourceAccess = effective.clients.mapValues { RoleList($0) }
        }
        let audiences = effective.clients.keys.filter { $0 != subject.client.clientID }.sorted()
        access.aud = audiences.isEmpty ? nil : .many(audiences)
        let origins = Self.allowedOrigins(subject.client)
        access.allowedOrigins = origins.isEmpty ? nil : origins
        if subject.user.serviceAccountClientID != nil { access.clientID = subject.client.clientID }
        Self.addProfile(subject.user, scope: subject.scope, to: &access)
        let accessToken = try await keys.sign(access, realmID: realm.id, logger: logger)

        var idToken: String?
        if Scope.includesOpenID(subject.scope) {
            var id = TokenClaims(kind: .id, issuer: access.iss, clientID: subject.client.clientID, issuedAt: now, lifespan: lifespan)
            id.aud = .one(subject.client.clientID)
            id.sub = access.sub
            id.sid = access.sid
            id.authTime = access.authTime
            id.nonce = subject.nonce
            id.acr = "1"
            id.atHash = Self.atHash(accessToken)
            Self.addProfile(subject.user, scope: subject.scope, to: &id)
            idToken = try await keys.sign(id, realmID: realm.id, logger: logger)
        }

        var refreshToken: String?
        var refreshLifespan = 0
        if withRefreshToken, let session = subject.refreshSession ?? subject.session {
            let record: RefreshTokenRecord
            if let stored = subject.storedRefreshToken {
                record = stored
            } else {
                record = RefreshTokenRecord(sessionID: session.id, clientID: subject.client.id, scope: subject.scope,
                                            expiresAt: session.refreshTokenExpiry(realm.settings, now: now))
                try await grants.saveRefreshToken(record, logger: logger)
            }
            refreshLifespan = max(0, Int(record.expiresAt.timeIntervalSince(now)))
            var refresh = TokenClaims(kind: session.offline ? .offline : .refresh, issuer: access.iss, clientID: subject.client.clientID,
                                      issuedAt: now, lifespan: refreshLifespan)
            refresh.jti = record.id.lowercasedText
            refresh.aud = .one(access.iss)
            refresh.sub = access.sub
            refresh.sid = session.id.lowercasedText
            refresh.scope = subject.scope
            refreshToken = try await keys.signInternal(refresh, realmID: realm.id, logger: logger)
        }
        return TokenResponse(accessToken: accessToken, expiresIn: lifespan, refreshExpiresIn: refreshLifespan, refreshToken: refreshToken,
                             idToken: idToken, sessionState: access.sid, scope: subject.scope)
    }

    /// The roles the tokens may carry: all of the user's, or — for a client without
    /// `fullScopeAllowed` — only those in the client's scope mappings and its own roles.
    func effectiveRoles(_ subject: Subject, logger: Logger) async throws -> EffectiveRoles {
        let userID = subject.user.id
        guard !subject.client.fullScopeAllowed else {
            return try await cache.effectiveRoles(userID: userID, load: { try await roles.effectiveRoles(userID: userID, logger: logger) })
        }
        let clientID = subject.client.id
        return try await cache.effectiveRoles(userID: userID, scopedTo: clientID, load: {
            try await roles.effectiveRoles(userID: userID, scopedTo: clientID, logger: logger)
        })
    }

    /// Profile and email claims, as Keycloak's `profile` and `email` scopes map them.
    static func addProfile(_ user: User, scope: String, to claims: inout TokenClaims) {
        if Scope.includes(scope, "profile") {
            claims.preferredUsername = user.username
            claims.name = user.fullName
            claims.givenName = user.firstName
            claims.familyName = user.lastName
        }
        if Scope.includes(scope, "email") {
            claims.email = user.email
            claims.emailVerified = user.emailVerified
        }
    }

    /// OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the access token.
    static func atHash(_ accessToken: String) -> String {
        Base64URL.encode(Array(SHA256.hash(data: Array(accessToken.utf8))).prefix(16))
    }

    /// The client's web origins with `+` expanded to its redirect URIs' origins.
    static func allowedOrigins(_ client: Client) -> [String] {
        let redirectOrigins = RedirectURIMatcher(registered: client.redirectURIs, rootURL: client.rootURL).origins
        var result: [String] = []
        for origin in client.webOrigins {
            for value in origin == "+" ? redirectOrigins : [origin] where !result.contains(value) { result.append(value) }
        }
        return result
    }
}
