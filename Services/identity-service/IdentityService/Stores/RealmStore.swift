import Foundation
import Logging
import PostgresNIO

/// Realms and their settings.
public protocol RealmStore: Sendable {
    /// The realm named `name`, or nil.
    func realm(named name: String, logger: Logger) async throws -> Realm?
    /// Every realm, by name.
    func realms(logger: Logger) async throws -> [Realm]
    /// Inserts a realm and creates its `default-roles-<realm>` role.
    /// - Returns: The realm with `defaultRoleID` set.
    /// - Throws: ``IdentityError`` `.conflict` when the name is taken.
    func create(_ realm: Realm, logger: Logger) async throws -> Realm
    /// Saves name-independent fields (enabled, display name, settings).
    func update(_ realm: Realm, logger: Logger) async throws
    /// Deletes a realm and everything in it.
    func delete(id: UUID, logger: Logger) async throws
}

/// ``RealmStore`` on PostgreSQL.
public struct PostgresRealmStore: RealmStore {
    let client: PostgresClient

    /// Creates the store.
    public init(client: PostgresClient) { self.client = client }

    public func realm(named name: String, logger: Logger) async throws -> Realm? {
        let rows = try await client.query(
            "SELECT id, name, enabled, display_name, settings, default_role_id FROM realms WHERE name = \(name)", logger: logger)
        for try await row in rows.decode((UUID, String, Bool, String?, RealmSettings, UUID?).self) {
            return Realm(id: row.0, name: row.1, enabled: row.2, displayName: row.3, settings: row.4, defaultRoleID: row.5)
        }
        return nil
    }

    public func realms(logger: Logger) async throws -> [Realm] {
        let rows = try await client.query(
            "SELECT id, name, enabled, display_name, settings, default_role_id FROM realms ORDER BY name", logger: logger)
        var realms: [Realm] = []
        for try await row in rows.decode((UUID, String, Bool, String?, RealmSettings, UUID?).self) {
            realms.append(Realm(id: row.0, name: row.1, enabled: row.2, displayName: row.3, settings: row.4, defaultRoleID: row.5))
        }
        return realms
    }

    public func create(_ realm: Realm, logger: Logger) async throws -> Realm {
        var created = realm
        let roleID = UUID()
        created.defaultRoleID = roleID
        let roleName = realm.defaultRoleName
        let description = "${role_default-roles}"
        try await StoreErrors.uniqueAsConflict("Conflict detected. See logs for details") {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("""
                    INSERT INTO realms (id, name, enabled, display_name, settings)
                    VALUES (\(realm.id), \(realm.name), \(realm.enabled), \(realm.displayName), \(realm.settings))
                    """, logger: logger)
                try await connection.query("""
                    INSERT INTO roles (id, realm_id, name, description) VALUES (\(roleID), \(realm.id), \(roleName), \(description))
                    """, logger: logger)
                try await connection.query("UPDATE realms SET default_role_id = \(roleID) WHERE id = \(realm.id)", logger: logger)
            }
        }
        return created
    }

    public func update(_ realm: Realm, logger: Logger) async throws {
        try await client.query("""
            UPDATE realms SET enabled = \(realm.enabled), display_name = \(realm.displayName), settings = \(realm.settings)
            WHERE id = \(realm.id)
            """, logger: logger)
    }

    public func delete(id: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM realms WHERE id = \(id)", logger: logger)
    }
}
