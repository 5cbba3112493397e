import Foundation
import Logging
import PostgresNIO

/// SSO sessions and the clients that joined them.
public protocol SessionStore: Sendable {
    /// Inserts a session.
    func create(_ session: SSOSession, ipAddress: String?, logger: Logger) async throws
    /// The session with this id, or nil.
    func session(id: UUID, logger: Logger) async throws -> SSOSession?
    /// Records activity (refresh or SSO login) at `time`.
    func touch(id: UUID, at time: Date, logger: Logger) async throws
    /// Ends a session (its codes and refresh tokens go with it).
    func delete(id: UUID, logger: Logger) async throws
    /// Ends every online session of a user (offline sessions survive, as in Keycloak).
    func deleteSessions(userID: UUID, logger: Logger) async throws
    /// Ends a user's offline sessions: all, or those a client holds tokens in.
    func deleteOfflineSessions(userID: UUID, clientID: UUID?, logger: Logger) async throws
    /// The user's sessions, newest first.
    func sessions(userID: UUID, logger: Logger) async throws -> [SSOSession]
    /// Records that a client obtained tokens in the session.
    func addClient(_ clientID: UUID, to sessionID: UUID, logger: Logger) async throws
    /// Sessions in which a client holds tokens, newest first, paged.
    func sessions(clientID: UUID, first: Int, max: Int, logger: Logger) async throws -> [SSOSession]
}

/// ``SessionStore`` on PostgreSQL.
public struct PostgresSessionStore: SessionStore {
    let client: PostgresClient
    /// The cache whose remembered token states a deletion here makes stale (flushed at once on
    /// this replica; other replicas hear of it through migration 0008's trigger).
    let cache: DirectoryCache?

    /// Creates the store.
    public init(client: PostgresClient, cache: DirectoryCache? = nil) {
        self.client = client
        self.cache = cache
    }

    public func create(_ s: SSOSession, ipAddress: String?, logger: Logger) async throws {
        try await client.query("""
            INSERT INTO sso_sessions (id, realm_id, user_id, auth_time, last_refresh, ip_address, offline)
            VALUES (\(s.id), \(s.realmID), \(s.userID), \(s.authTime), \(s.lastRefresh), \(ipAddress), \(s.offline))
            """, logger: logger)
    }

    public func session(id: UUID, logger: Logger) async throws -> SSOSession? {
        try await fetch("SELECT id, realm_id, user_id, auth_time, last_refresh, offline FROM sso_sessions WHERE id = \(id)", logger: logger).first
    }

    public func touch(id: UUID, at time: Date, logger: Logger) async throws {
        try await client.query("UPDATE sso_sessions SET last_refresh = greatest(last_refresh, \(time)) WHERE id = \(id)", logger: logger)
    }

    public func delete(id: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM sso_sessions WHERE id = \(id)", logger: logger)
        cache?.flushSessions()
    }

    public func deleteSessions(userID: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM sso_sessions WHERE user_id = \(userID) AND NOT offline", logger: logger)
        cache?.flushSessions()
    }

    public func deleteOfflineSessions(userID: UUID, clientID: UUID?, logger: Logger) async throws {
        try await client.query("""
            DELETE FROM sso_sessions s WHERE s.user_id = \(userID) AND s.offline
              AND (\(clientID)::uuid IS NULL OR EXISTS (SELECT 1 FROM client_sessions c WHERE c.session_id = s.id AND c.client_id = \(clientID)))
            """, logger: logger)
        cache?.flushSessions()
    }

    public func sessions(userID: UUID, logger: Logger) async throws -> [SSOSession] {
        try await fetch("""
            SELECT id, realm_id, user_id, auth_time, last_refresh, offline FROM sso_sessions WHERE user_id = \(userID) ORDER BY auth_time DESC
            """, logger: logger)
    }

    public func addClient(_ clientID: UUID, to sessionID: UUID, logger: Logger) async throws {
        try await client.query("""
            INSERT INTO client_sessions (session_id, client_id) VALUES (\(sessionID), \(clientID)) ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    public func sessions(clientID: UUID, first: Int, max: Int, logger: Logger) async throws -> [SSOSession] {
        try await fetch("""
            SELECT s.id, s.realm_id, s.user_id, s.auth_time, s.last_refresh, s.offline FROM sso_sessions s
            JOIN client_sessions c ON c.session_id = s.id WHERE c.client_id = \(clientID)
            ORDER BY s.auth_time DESC OFFSET \(Swift.max(0, first)) LIMIT \(Swift.min(Swift.max(0, max), 1000))
            """, logger: logger)
    }

    private func fetch(_ query: PostgresQuery, logger: Logger) async throws -> [SSOSession] {
        var result: [SSOSession] = []
        for try await r in try await client.query(query, logger: logger).decode((UUID, UUID, UUID, Date, Date, Bool).self) {
            result.append(SSOSession(id: r.0, realmID: r.1, userID: r.2, authTime: r.3, lastRefresh: r.4, offline: r.5))
        }
        return result
    }
}
