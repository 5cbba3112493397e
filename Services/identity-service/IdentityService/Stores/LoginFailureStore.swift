import Foundation
import Logging
import PostgresNIO

/// Brute-force state per user.
public protocol LoginFailureStore: Sendable {
    /// The user's state (no failures when none recorded).
    func failures(userID: UUID, logger: Logger) async throws -> LoginFailures
    /// Saves the user's state.
    func save(_ failures: LoginFailures, userID: UUID, realmID: UUID, ipAddress: String?, logger: Logger) async throws
    /// Clears the user's state (successful login or admin reset).
    func clear(userID: UUID, logger: Logger) async throws
    /// Clears every user's state in the realm.
    func clearAll(realmID: UUID, logger: Logger) async throws
}

/// ``LoginFailureStore`` on PostgreSQL.
public struct PostgresLoginFailureStore: LoginFailureStore {
    let client: PostgresClient

    /// Creates the store.
    public init(client: PostgresClient) { self.client = client }

    public func failures(userID: UUID, logger: Logger) async throws -> LoginFailures {
        let rows = try await client.query("""
            SELECT failures, last_failure, locked_until, permanently_locked FROM login_failures WHERE user_id = \(userID)
            """, logger: logger)
        for try await r in rows.decode((Int, Date?, Date?, Bool).self) {
            var state = LoginFailures()
            state.failures = r.0; state.lastFailure = r.1; state.lockedUntil = r.2; state.permanentlyLocked = r.3
            return state
        }
        return LoginFailures()
    }

    public func save(_ f: LoginFailures, userID: UUID, realmID: UUID, ipAddress: String?, logger: Logger) async throws {
        try await client.query("""
            INSERT INTO login_failures (user_id, realm_id, failures, last_failure, last_ip, locked_until, permanently_locked)
            VALUES (\(userID), \(realmID), \(f.failures), \(f.lastFailure), \(ipAddress), \(f.lockedUntil), \(f.permanentlyLocked))
            ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure,
                last_ip = excluded.last_ip, locked_until = excluded.locked_until, permanently_locked = excluded.permanently_locked
            """, logger: logger)
    }

    public func clear(userID: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM login_failures WHERE user_id = \(userID)", logger: logger)
    }

    public func clearAll(realmID: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM login_failures WHERE realm_id = \(realmID)", logger: logger)
    }
}
