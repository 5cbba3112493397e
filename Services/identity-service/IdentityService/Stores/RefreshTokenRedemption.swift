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
        let rows = try await client.execute(RedeemRefreshTokenStatement(request: r), logger: logger)
        for try await row in rows {
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

/// The statement of ``PostgresGrantStore/redeemRefreshToken(_:logger:)``, prepared once per
/// connection: each refresh grant then sends only its parameters (no SQL text to build, send
/// and parse, no row description to decode).
struct RedeemRefreshTokenStatement: PostgresPreparedStatement {
    /// The token's session and scope, the session's realm, `auth_time` and `last_refresh`
    /// (before this refresh), whether token, session and user match, whether the session is
    /// active, and the replacement's expiry (nil when nothing was redeemed).
    typealias Row = (String, UUID?, Date?, Date?, Bool?, Bool?, Date?)

    /// The statement's name on each connection (a constant: the protocol's default is
    /// `String(reflecting:)` of the type, worked out again for every execution).
    static let name = "identity_redeem_refresh_token"

    static let sql = """
        WITH t AS (
            SELECT r.session_id, r.scope, r.used_at, s.realm_id, s.user_id, s.auth_time, s.last_refresh,
                (s.id IS NOT NULL AND s.user_id = $4 AND s.offline = $5) AS matches,
                (s.last_refresh > $6 AND ($7::timestamptz IS NULL OR s.auth_time > $7)) AS active
            FROM refresh_tokens r LEFT JOIN sso_sessions s ON s.id = r.session_id
            WHERE r.id = $1 AND r.client_id = $2 AND r.session_id = $3 AND NOT r.revoked
        ),
        used AS (
            UPDATE refresh_tokens SET used_at = $8
            WHERE $9 AND id = $1 AND used_at IS NULL AND NOT revoked AND EXISTS (SELECT 1 FROM t WHERE matches AND active)
            RETURNING id
        ),
        ok AS (
            SELECT t.* FROM t WHERE matches AND active AND (NOT $9 OR EXISTS (SELECT 1 FROM used))
        ),
        touched AS (
            UPDATE sso_sessions s SET last_refresh = greatest(s.last_refresh, $8) FROM ok WHERE s.id = ok.session_id RETURNING s.id
        ),
        issued AS (
            INSERT INTO refresh_tokens (id, session_id, client_id, scope, expires_at)
            SELECT $10, ok.session_id, $2, ok.scope, least($11, ok.auth_time + make_interval(secs => $12))
            FROM ok
            RETURNING expires_at
        )
        SELECT t.scope, t.realm_id, t.auth_time, t.last_refresh, t.matches, t.active, (SELECT expires_at FROM issued) FROM t
        """

    static let bindingDataTypes: [PostgresDataType] = [
        .uuid, .uuid, .uuid, .uuid, .bool, .timestamptz, .timestamptz, .timestamptz, .bool, .uuid, .timestamptz, .float8,
    ]

    let request: RefreshRequest

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 12)
        bindings.append(request.tokenID)
        bindings.append(request.clientID)
        bindings.append(request.sessionID)
        bindings.append(request.userID)
        bindings.append(request.offline)
        bindings.append(request.lastRefreshAfter)
        bindings.append(request.authTimeAfter)
        bindings.append(request.now)
        bindings.append(request.rotate)
        bindings.append(request.replacementID)
        bindings.append(request.replacementIdleEnd)
        bindings.append(request.replacementMaximumLifespan)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
