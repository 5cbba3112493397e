import Foundation
import Logging

/// Decides whether a token this realm issued is still good: signature, issuer, type,
/// expiry, revocation, and — for session tokens — a live session and an enabled user.
public struct TokenValidator: Sendable {
    let stores: IdentityStores
    let keys: SigningKeyRing
    let issuer: TokenIssuer

    /// Creates a validator.
    public init(stores: IdentityStores, keys: SigningKeyRing, issuer: TokenIssuer) {
        self.stores = stores
        self.keys = keys
        self.issuer = issuer
    }

    /// A token that passed every check, with its user when it has one.
    public struct Valid: Sendable {
        /// The token's claims.
        public var claims: TokenClaims
        /// The user it was issued for.
        public var user: User?
        /// The session, for session tokens (for access tokens possibly as remembered by the
        /// directory cache: its `lastRefresh` may predate a later refresh).
        public var session: SSOSession?
    }

    /// Validates a token.
    /// - Parameters:
    ///   - token: The compact JWS.
    ///   - realm: The realm whose keys must have signed it.
    ///   - kinds: Accepted `typ` values.
    ///   - logger: Logger.
    /// - Returns: The valid token.
    /// - Throws: ``IdentityError`` `.invalidToken` when any check fails.
    public func validate(_ token: String, realm: Realm, kinds: Set<String>, logger: Logger) async throws -> Valid {
        let claims = try await keys.verify(token, realmID: realm.id, logger: logger)
        let invalid = IdentityError(.invalidToken, "Token verification failed")
        guard claims.iss == issuer.issuer(for: realm), kinds.contains(claims.typ) else { throw invalid }
        let now = Date()
        var sessionID: UUID?
        if let sid = claims.sid {
            guard let id = UUID(text: sid) else { throw invalid }
            sessionID = id
        }
        var session: SSOSession?
        if TokenClaims.Kind.refreshTypes.contains(claims.typ) {
            guard let id = UUID(text: claims.jti), let record = try await stores.grants.refreshToken(id: id, logger: logger),
                  !record.revoked else { throw invalid }
            if let sessionID { session = try await stores.sessions.session(id: sessionID, logger: logger) }
        } else {
            let state = try await stores.cachedAccessTokenState(jti: claims.jti, sessionID: sessionID, settings: realm.settings,
                                                                now: now, logger: logger)
            guard !state.revoked else { throw invalid }
            session = state.session
        }
        if sessionID != nil {
            guard let session, session.isActive(realm.settings, now: now) else { throw invalid }
        }
        var user: User?
        if let sub = claims.sub {
            guard let id = UUID(text: sub), let found = try await stores.cachedUser(realmID: realm.id, id: id, logger: logger),
                  found.enabled else { throw invalid }
            user = found
        }
        return Valid(claims: claims, user: user, session: session)
    }
}
