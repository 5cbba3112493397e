import Foundation
import Logging
import PostgresNIO

/// Realm signing keys, shared by every replica.
public protocol SigningKeyStore: Sendable {
    /// The realm's active key and the retired keys still published (retired after `cutoff`), active first.
    func keys(realmID: UUID, retiredAfter cutoff: Date, logger: Logger) async throws -> [SigningKeyRecord]
    /// Inserts `key` as the realm's active key of its algorithm unless another replica already created one.
    /// - Returns: true when inserted.
    func insertActive(_ key: SigningKeyRecord, logger: Logger) async throws -> Bool
    /// Retires the active key of `key`'s algorithm and makes `key` active, atomically.
    func rotate(realmID: UUID, to key: SigningKeyRecord, logger: Logger) async throws
}

/// ``SigningKeyStore`` on PostgreSQL.
public struct PostgresSigningKeyStore: SigningKeyStore {
    let client: PostgresClient

    /// Creates the store.
    public init(client: PostgresClient) { self.client = client }

    public func keys(realmID: UUID, retiredAfter cutoff: Date, logger: Logger) async throws -> [SigningKeyRecord] {
        let rows = try await client.query("""
            SELECT kid, realm_id, private_key_pem, created_at, retired_at, algorithm FROM signing_keys
            WHERE realm_id = \(realmID) AND (retired_at IS NULL OR retired_at > \(cutoff))
            ORDER BY retired_at DESC NULLS FIRST, created_at DESC
            """, logger: logger)
        var keys: [SigningKeyRecord] = []
        for try await r in rows.decode((String, UUID, String, Date, Date?, String).self) {
            keys.append(SigningKeyRecord(kid: r.0, realmID: r.1, privateKeyPEM: r.2, createdAt: r.3, retiredAt: r.4, algorithm: r.5))
        }
        return keys
    }

    public func insertActive(_ key: SigningKeyRecord, logger: Logger) async throws -> Bool {
        let rows = try await client.query("""
            INSERT INTO signing_keys (kid, realm_id, private_key_pem, created_at, algorithm)
            VALUES (\(key.kid), \(key.realmID), \(key.privateKeyPEM), \(key.createdAt), \(key.algorithm))
            ON CONFLICT DO NOTHING RETURNING kid
            """, logger: logger)
        for try await _ in rows.decode(String.self) { return true }
        return false
    }

    public func rotate(realmID: UUID, to key: SigningKeyRecord, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("""
                UPDATE signing_keys SET retired_at = now()
                WHERE realm_id = \(realmID) AND algorithm = \(key.algorithm) AND retired_at IS NULL
                """, logger: logger)
            try await connection.query("""
                INSERT INTO signing_keys (kid, realm_id, private_key_pem, created_at, algorithm)
                VALUES (\(key.kid), \(key.realmID), \(key.privateKeyPEM), \(key.createdAt), \(key.algorithm))
                """, logger: logger)
        }
    }
}
