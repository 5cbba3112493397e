import Foundation
import Logging

/// Userinfo (OIDC Core §5.3), introspection (RFC 7662) and revocation (RFC 7009).
public struct TokenInspectionFlow: Sendable {
    let stores: IdentityStores
    let validator: TokenValidator
    let keys: SigningKeyRing
    let clientAuthenticator: ClientAuthenticator
    let events: EventRecorder

    /// Creates the flow.
    public init(stores: IdentityStores, validator: TokenValidator, keys: SigningKeyRing, events: EventRecorder) {
        self.stores = stores
        self.validator = validator
        self.keys = keys
        self.events = events
        self.clientAuthenticator = ClientAuthenticator(clients: stores.clients, cache: stores.cache)
    }

    /// OIDC Core §5.3: the claims of the access token's user, as its scope allows.
    /// - Returns: The userinfo JSON object.
    /// - Throws: ``IdentityError`` `.invalidToken` for a bad token.
    public func userinfo(realm: Realm, accessToken: String, logger: Logger) async throws -> [String: Any] {
        let valid = try await validator.validate(accessToken, realm: realm, kinds: [TokenClaims.Kind.access.rawValue], logger: logger)
        guard let user = valid.user else { throw IdentityError(.invalidToken, "Token verification failed") }
        var claims = TokenClaims(kind: .access, issuer: valid.claims.iss, clientID: valid.claims.azp, issuedAt: Date(), lifespan: 0)
        TokenIssuer.addProfile(user, scope: valid.claims.scope ?? "", to: &claims)
        var result: [String: Any] = ["sub": user.id.lowercasedText]
        if let value = claims.preferredUsername { result["preferred_username"] = value }
        if let value = claims.name { result["name"] = value }
        if let value = claims.givenName { result["given_name"] = value }
        if let value = claims.familyName { result["family_name"] = value }
        if let value = claims.email { result["email"] = value }
        if let value = claims.emailVerified { result["email_verified"] = value }
        return result
    }

    /// RFC 7662 §2: whether a token is active, with its claims; confidential clients only.
    /// - Returns: Inactive, or the token's claims (answered with `active`, `client_id`, `username`, `token_type`).
    /// - Throws: ``IdentityError`` `.invalidClient` / `.unauthorizedClient` for the caller.
    public func introspect(realm: Realm, credentials: ClientCredentials, token: String?, logger: Logger) async throws -> IntrospectionResponse {
        let client = try await clientAuthenticator.authenticate(credentials, realm: realm, logger: logger)
        guard client.isConfidential else { throw IdentityError(.unauthorizedClient, "Public client not allowed to introspect tokens") }
        guard let token, !token.isEmpty else { throw IdentityError(.invalidRequest, "Token not provided.") }
        guard let valid = try? await validator.validate(token, realm: realm, kinds: Self.introspectedKinds, logger: logger) else {
            return .inactive
        }
        return .active(valid.claims, username: valid.user?.username)
    }

    /// The token types introspection reports on: access, ID, refresh and offline tokens.
    static let introspectedKinds = TokenClaims.Kind.refreshTypes.union([TokenClaims.Kind.access.rawValue, TokenClaims.Kind.id.rawValue])

    /// RFC 7009 §2.1: revokes a refresh token (the client's tokens in that session) or an access token.
    /// Unknown or invalid tokens succeed silently (§2.2).
    /// - Throws: ``IdentityError`` for client authentication failures or a token of another client.
    public func revoke(realm: Realm, credentials: ClientCredentials, token: String?, ipAddress: String?, logger: Logger) async throws {
        let client = try await clientAuthenticator.authenticate(credentials, realm: realm, logger: logger)
        guard let token, !token.isEmpty else { throw IdentityError(.invalidRequest, "Token not provided") }
        guard let claims = try? await keys.verify(token, realmID: realm.id, logger: logger) else { return }
        guard claims.azp == client.clientID else { throw IdentityError(.unauthorizedClient, "Unmatching clients") }
        if TokenClaims.Kind.refreshTypes.contains(claims.typ) {
            if let id = UUID(text: claims.jti), let record = try await stores.grants.refreshToken(id: id, logger: logger) {
                try await stores.grants.revokeRefreshTokens(sessionID: record.sessionID, clientID: client.id, logger: logger)
            }
        } else {
            try await stores.grants.revokeAccessToken(jti: claims.jti, expiresAt: Date(timeIntervalSince1970: Double(claims.exp)), logger: logger)
        }
        await events.record(IdentityEvent(type: "REVOKE_GRANT", realmID: realm.id, clientID: client.clientID,
                                          userID: claims.sub.flatMap({ UUID(text: $0) }), ipAddress: ipAddress), in: realm, logger: logger)
    }

    /// Keycloak's logout POST: ends the session of a refresh token presented by its client.
    /// - Throws: ``IdentityError`` `.invalidGrant` for a bad refresh token.
    public func logout(realm: Realm, credentials: ClientCredentials, refreshToken: String?, ipAddress: String?, logger: Logger) async throws {
        let client = try await clientAuthenticator.authenticate(credentials, realm: realm, logger: logger)
        guard let refreshToken, !refreshToken.isEmpty else { throw IdentityError(.invalidRequest, "No refresh token") }
        guard let claims = try? await keys.verify(refreshToken, realmID: realm.id, logger: logger),
              TokenClaims.Kind.refreshTypes.contains(claims.typ), let id = UUID(text: claims.jti),
              let record = try await stores.grants.refreshToken(id: id, logger: logger), !record.revoked
        else { throw IdentityError(.invalidGrant, "Invalid refresh token") }
        guard claims.azp == client.clientID, record.clientID == client.id else {
            throw IdentityError(.invalidGrant, "Invalid refresh token")
        }
        let session = try await stores.sessions.session(id: record.sessionID, logger: logger)
        try await stores.sessions.delete(id: record.sessionID, logger: logger)
        await events.record(IdentityEvent(type: "LOGOUT", realmID: realm.id, clientID: client.clientID, userID: session?.userID,
                                          sessionID: record.sessionID, ipAddress: ipAddress), in: realm, logger: logger)
    }
}
