import Foundation
import Logging
import PostgresNIO

/// Groups and their members.
public protocol GroupStore: Sendable {
    /// Top-level groups (`parentID` nil) or the subgroups of a group, optionally by name substring, paged.
    func groups(realmID: UUID, parentID: UUID?, search: String?, first: Int, max: Int, logger: Logger) async throws -> [Group]
    /// The group with this id in the realm, or nil.
    func group(realmID: UUID, id: UUID, logger: Logger) async throws -> Group?
    /// Inserts a group.
    /// - Throws: ``IdentityError`` `.conflict` when a sibling has the name.
    func create(_ group: Group, logger: Logger) async throws
    /// Saves name and attributes.
    func update(_ group: Group, logger: Logger) async throws
    /// Deletes a group and its subgroups.
    func delete(id: UUID, logger: Logger) async throws
    /// Member user ids, paged.
    func members(groupID: UUID, first: Int, max: Int, logger: Logger) async throws -> [UUID]
    /// The groups a user belongs to directly.
    func groups(ofUser userID: UUID, logger: Logger) async throws -> [Group]
    /// Adds a user to a group (idempotent).
    func addMember(userID: UUID, groupID: UUID, logger: Logger) async throws
    /// Removes a user from a group.
    func removeMember(userID: UUID, groupID: UUID, logger: Logger) async throws
}

/// ``GroupStore`` on PostgreSQL.
public struct PostgresGroupStore: GroupStore {
    let client: PostgresClient

    /// Creates the store.
    public init(client: PostgresClient) { self.client = client }

    public func groups(realmID: UUID, parentID: UUID?, search: String?, first: Int, max: Int, logger: Logger) async throws -> [Group] {
        let pattern = search.map { "%" + $0.lowercased() + "%" }
        return try await fetch("""
            SELECT id, realm_id, parent_id, name, attributes FROM groups
            WHERE realm_id = \(realmID) AND parent_id IS NOT DISTINCT FROM \(parentID)
              AND (\(pattern)::text IS NULL OR lower(name) LIKE \(pattern))
            ORDER BY name OFFSET \(Swift.max(0, first)) LIMIT \(Swift.min(Swift.max(0, max), 1000))
            """, logger: logger)
    }

    public func group(realmID: UUID, id: UUID, logger: Logger) async throws -> Group? {
        try await fetch("SELECT id, realm_id, parent_id, name, attributes FROM groups WHERE realm_id = \(realmID) AND id = \(id)", logger: logger).first
    }

    public func create(_ g: Group, logger: Logger) async throws {
        try await StoreErrors.uniqueAsConflict("Top level group named '\(g.name)' already exists.") {
            try await client.query("""
                INSERT INTO groups (id, realm_id, parent_id, name, attributes)
                VALUES (\(g.id), \(g.realmID), \(g.parentID), \(g.name), \(JSONB(g.attributes)))
                """, logger: logger)
        }
    }

    public func update(_ g: Group, logger: Logger) async throws {
        try await StoreErrors.uniqueAsConflict("Sibling group named '\(g.name)' already exists.") {
            try await client.query("UPDATE groups SET name = \(g.name), attributes = \(JSONB(g.attributes)) WHERE id = \(g.id)", logger: logger)
        }
    }

    public func delete(id: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM groups WHERE id = \(id)", logger: logger)
    }

    public func members(groupID: UUID, first: Int, max: Int, logger: Logger) async throws -> [UUID] {
        let rows = try await client.query("""
            SELECT u.id FROM users u JOIN group_members m ON m.user_id = u.id WHERE m.group_id = \(groupID)
            ORDER BY u.username OFFSET \(Swift.max(0, first)) LIMIT \(Swift.min(Swift.max(0, max), 1000))
            """, logger: logger)
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    public func groups(ofUser userID: UUID, logger: Logger) async throws -> [Group] {
        try await fetch("""
            SELECT g.id, g.realm_id, g.parent_id, g.name, g.attributes FROM groups g JOIN group_members m ON m.group_id = g.id
            WHERE m.user_id = \(userID) ORDER BY g.name
            """, logger: logger)
    }

    public func addMember(userID: UUID, groupID: UUID, logger: Logger) async throws {
        try await client.query("INSERT INTO group_members (group_id, user_id) VALUES (\(groupID), \(userID)) ON CONFLICT DO NOTHING", logger: logger)
    }

    public func removeMember(userID: UUID, groupID: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM group_members WHERE group_id = \(groupID) AND user_id = \(userID)", logger: logger)
    }

    private func fetch(_ query: PostgresQuery, logger: Logger) async throws -> [Group] {
        var result: [Group] = []
        for try await r in try await client.query(query, logger: logger).decode((UUID, UUID, UUID?, String, JSONB<[String: [String]]>).self) {
            var group = Group(id: r.0, realmID: r.1, parentID: r.2, name: r.3)
            group.attributes = r.4.value
            result.append(group)
        }
        return result
    }
}
