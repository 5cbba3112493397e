import Foundation
import Logging
import PostgresNIO

/// Authorization codes, refresh tokens and revoked access tokens.
public protocol GrantStore: Sendable {
    /// Stores a code under the SHA-256 of its text.
    func saveCode(_ code: AuthorizationCode, digest: [UInt8], logger: Logger) async throws
    /// Marks a code used and returns it; a second redemption answers `.reused`. The row lock
    /// makes concurrent redemptions of one code see each other.
    func redeemCode(digest: [UInt8], logger: Logger) async throws -> CodeRedemption
    /// Stores a refresh token record.
    func saveRefreshToken(_ record: RefreshTokenRecord, logger: Logger) async throws
    /// The refresh token record with this `jti`, or nil.
    func refreshToken(id: UUID, logger: Logger) async throws -> RefreshTokenRecord?
    /// Redeems a refresh token at the token endpoint in one round trip: checks it and its
    /// session, marks it used under rotation, touches the session and stores the replacement.
    func redeemRefreshToken(_ request: RefreshRequest, logger: Logger) async throws -> RefreshRedemption
    /// Revokes every refresh token of a client in a session.
    func revokeRefreshTokens(sessionID: UUID, clientID: UUID, logger: Logger) async throws
    /// Records an access token as revoked until it expires (RFC 7009).
    func revokeAccessToken(jti: String, expiresAt: Date, logger: Logger) async throws
    /// Whether an access token was revoked.
    func isAccessTokenRevoked(jti: String, logger: Logger) async throws -> Bool
    /// In one round trip: whether an access token was revoked, and its SSO session.
    /// - Returns: `session` nil when `sessionID` is nil or the session no longer exists.
    func accessTokenState(jti: String, sessionID: UUID?, logger: Logger) async throws -> (revoked: Bool, session: SSOSession?)
    /// Deletes expired codes, refresh tokens, revocation records and SSO sessions past their
    /// realm's idle or maximum lifespan.
    func purgeExpired(before time: Date, logger: Logger) async throws
}

/// ``GrantStore`` on PostgreSQL.
public struct PostgresGrantStore: GrantStore {
    let client: PostgresClient
    /// The cache whose remembered token states a revocation here makes stale (flushed at once
    /// on this replica; other replicas hear of it through migration 0008's trigger).
    let cache: DirectoryCache?

    /// Creates the store.
    public init(client: PostgresClient, cache: DirectoryCache? = nil) {
        self.client = client
        self.cache = cache
    }

    public func saveCode(_ c: AuthorizationCode, digest: [UInt8], logger: Logger) async throws {
        try await client.query("""
            INSERT INTO authorization_codes (code_hash, session_id, client_id, redirect_uri, scope, nonce, code_challenge,
                code_challenge_method, expires_at)
            VALUES (\(Data(digest)), \(c.sessionID), \(c.clientID), \(c.redirectURI), \(c.scope), \(c.nonce), \(c.codeChallenge),
                \(c.codeChallengeMethod), \(c.expiresAt))
            """, logger: logger)
    }

    public func redeemCode(digest: [UInt8], logger: Logger) async throws -> CodeRedemption {
        let hash = Data(digest)
        let rows = try await client.query("""
            UPDATE authorization_codes a SET used_at = coalesce(a.used_at, now())
            FROM (SELECT code_hash, used_at AS previous FROM authorization_codes WHERE code_hash = \(hash) FOR UPDATE) old
            WHERE a.code_hash = old.code_hash
            RETURNING a.session_id, a.client_id, a.redirect_uri, a.scope, a.nonce, a.code_challenge, a.code_challenge_method,
                a.expires_at, old.previous IS NOT NULL
            """, logger: logger)
        for try await r in rows.decode((UUID, UUID, String, String, String?, String?, String?, Date, Bool).self) {
            let code = AuthorizationCode(sessionID: r.0, clientID: r.1, redirectURI: r.2, scope: r.3, nonce: r.4,
                                         codeChallenge: r.5, codeChallengeMethod: r.6, expiresAt: r.7)
            return r.8 ? .reused(code) : .redeemed(code)
        }
        return .unknown
    }

    public func saveRefreshToken(_ r: RefreshTokenRecord, logger: Logger) async throws {
        try await client.query("""
            INSERT INTO refresh_tokens (id, session_id, client_id, scope, expires_at)
            VALUES (\(r.id), \(r.sessionID), \(r.clientID), \(r.scope), \(r.expiresAt))
            """, logger: logger)
    }

    public func refreshToken(id: UUID, logger: Logger) async throws -> RefreshTokenRecord? {
        let rows = try await client.query("""
            SELECT id, session_id, client_id, scope, expires_at, used_at, revoked FROM refresh_tokens WHERE id = \(id)
            """, logger: logger)
        for try await r in rows.decode((UUID, UUID, UUID, String, Date, Date?, Bool).self) {
            var record = RefreshTokenRecord(id: r.0, sessionID: r.1, clientID: r.2, scope: r.3, expiresAt: r.4)
            record.usedAt = r.5
            record.revoked = r.6
            return record
        }
        return nil
    }

    public func revokeRefreshTokens(sessionID: UUID, clientID: UUID, logger: Logger) async throws {
        try await client.query("""
            UPDATE refresh_tokens SET revoked = true WHERE session_id = \(sessionID) AND client_id = \(clientID)
            """, logger: logger)
    }

    public func revokeAccessToken(jti: String, expiresAt: Date, logger: Logger) async throws {
        try await client.query("""
            INSERT INTO revoked_tokens (jti, expires_at) VALUES (\(jti), \(expiresAt)) ON CONFLICT (jti) DO NOTHING
            """, logger: logger)
        cache?.flushSessions()
    }

    public func isAccessTokenRevoked(jti: String, logger: Logger) async throws -> Bool {
        for try await _ in try await client.query("SELECT 1 FROM revoked_tokens WHERE jti = \(jti)", logger: logger).decode(Int.self) {
            return true
        }
        return false
    }

    public func accessTokenState(jti: String, sessionID: UUID?, logger: Logger) async throws -> (revoked: Bool, session: SSOSession?) {
        let rows = try await client.query("""
            SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = \(jti)), s.id, s.realm_id, s.user_id, s.auth_time, s.last_refresh,
                coalesce(s.offline, false)
            FROM (SELECT 1) AS one LEFT JOIN sso_sessions s ON s.id = \(sessionID)
            """, logger: logger)
        for try await r in rows.decode((Bool, UUID?, UUID?, UUID?, Date?, Date?, Bool).self) {
            guard let id = r.1, let realmID = r.2, let userID = r.3, let authTime = r.4, let lastRefresh = r.5 else { return (r.0, nil) }
            return (r.0, SSOSession(id: id, realmID: realmID, userID: userID, authTime: authTime, lastRefresh: lastRefresh, offline: r.6))
        }
        return (false, nil)
    }

    public func purgeExpired(before time: Date, logger: Logger) async throws {
        try await client.query("DELETE FROM authorization_codes WHERE expires_at < \(time)", logger: logger)
        try await client.query("DELETE FROM refresh_tokens WHERE expires_at < \(time)", logger: logger)
        try await client.query("DELETE FROM revoked_tokens WHERE expires_at < \(time)", logger: logger)
        try await client.query("""
            DELETE FROM sso_sessions s USING realms r WHERE s.realm_id = r.id AND NOT s.offline AND (
                s.last_refresh + make_interval(secs => coalesce((r.settings->>'ssoSessionIdleTimeout')::int, 1800)) < \(time)
                OR s.auth_time + make_interval(secs => coalesce((r.settings->>'ssoSessionMaxLifespan')::int, 36000)) < \(time))
            """, logger: logger)
        try await client.query("""
            DELETE FROM sso_sessions s USING realms r WHERE s.realm_id = r.id AND s.offline AND (
                s.last_refresh + make_interval(secs => coalesce((r.settings->>'offlineSessionIdleTimeout')::int, 2592000)) < \(time)
                OR (coalesce((r.settings->>'offlineSessionMaxLifespanEnabled')::boolean, false)
                    AND s.auth_time + make_interval(secs => coalesce((r.settings->>'offlineSessionMaxLifespan')::int, 5184000)) < \(time)))
            """, logger: logger)
    }
}
