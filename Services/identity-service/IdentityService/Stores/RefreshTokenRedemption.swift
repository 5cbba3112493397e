import Foundation
import Logging
import PostgresNIO

extension PostgresGrantStore {
    /// Redeems a refresh token in one statement: reads it with its session, and — when it is the
    /// client's, unrevoked, of the claimed session and user, the session is active and (with
    /// rotation) it was not used before — marks it used, touches the session and stores the
    /// replacement. Concurrent redemptions of one token serialize on its row: the
    /// `used_at IS NULL` update succeeds for exactly one of them.
    public func redeemRefreshToken(_ r: RefreshRequest, logger: Logger) async throws -> RefreshRedemption {
        let rows = try await client.query("""
            WITH t AS (
                SELECT r.session_id, r.scope, r.used_at, s.realm_id, s.user_id, s.auth_time, s.last_refresh,
                    (s.id IS NOT NULL AND s.user_id = \(r.userID) AND s.offline = \(r.offline)) AS matches,
                    (s.last_refresh > \(r.lastRefreshAfter) AND (\(r.authTimeAfter)::timestamptz IS NULL OR s.auth_time > \(r.authTimeAfter))) AS active
                FROM refresh_tokens r LEFT JOIN sso_sessions s ON s.id = r.session_id
                WHERE r.id = \(r.tokenID) AND r.client_id = \(r.clientID) AND r.session_id = \(r.sessionID) AND NOT r.revoked
            ),
            used AS (
                UPDATE refresh_tokens SET used_at = \(r.now)
                WHERE \(r.rotate) AND id = \(r.tokenID) AND used_at IS NULL AND NOT revoked AND EXISTS (SELECT 1 FROM t WHERE matches AND active)
                RETURNING id
            ),
            ok AS (
                SELECT t.* FROM t WHERE matches AND active AND (NOT \(r.rotate) OR EXISTS (SELECT 1 FROM used))
            ),
            touched AS (
                UPDATE sso_sessions s SET last_refresh = greatest(s.last_refresh, \(r.now)) FROM ok WHERE s.id = ok.session_id RETURNING s.id
            ),
            issued AS (
                INSERT INTO refresh_tokens (id, session_id, client_id, scope, expires_at)
                SELECT \(r.replacementID), ok.session_id, \(r.clientID), ok.scope,
                    least(\(r.replacementIdleEnd), ok.auth_time + make_interval(secs => \(r.replacementMaximumLifespan)))
                FROM ok
                RETURNING expires_at
            )
            SELECT t.scope, t.realm_id, t.auth_time, t.last_refresh, t.matches, t.active, (SELECT expires_at FROM issued) FROM t
            """, logger: logger)
        for try await row in rows.decode((String, UUID?, Date?, Date?, Bool?, Bool?, Date?).self) {
            guard row.4 == true, let realmID = row.1, let authTime = row.2, let lastRefresh = row.3 else { return .invalid }
            let session = SSOSession(id: r.sessionID, realmID: realmID, userID: r.userID, authTime: authTime, lastRefresh: lastRefresh,
                                     offline: r.offline)
            guard row.5 == true else { return .sessionInactive }
            guard let expiresAt = row.6 else { return .reused(session) }
            let replacement = RefreshTokenRecord(id: r.replacementID, sessionID: r.sessionID, clientID: r.clientID, scope: row.0,
                                                 expiresAt: expiresAt)
            return .redeemed(session, replacement: replacement)
        }
        return .invalid
    }
}
