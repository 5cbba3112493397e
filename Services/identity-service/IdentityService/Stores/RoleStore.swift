import Foundation
import Logging
import PostgresNIO

/// Realm and client roles, composites and role mappings of users and groups.
public protocol RoleStore: Sendable {
    /// Roles of the realm (`clientID` nil) or of one client, optionally filtered by name substring, paged.
    func roles(realmID: UUID, clientID: UUID?, search: String?, first: Int, max: Int, logger: Logger) async throws -> [Role]
    /// The named realm role (`clientID` nil) or client role, or nil.
    func role(realmID: UUID, clientID: UUID?, name: String, logger: Logger) async throws -> Role?
    /// The role with this id in the realm, or nil.
    func role(realmID: UUID, id: UUID, logger: Logger) async throws -> Role?
    /// Inserts a role.
    /// - Throws: ``IdentityError`` `.conflict` when the name is taken.
    func create(_ role: Role, logger: Logger) async throws
    /// Saves name and description.
    func update(_ role: Role, logger: Logger) async throws
    /// Deletes a role.
    func delete(id: UUID, logger: Logger) async throws
    /// The direct composites of a role.
    func composites(of roleID: UUID, logger: Logger) async throws -> [Role]
    /// Adds composites to a role.
    func addComposites(_ children: [UUID], to roleID: UUID, logger: Logger) async throws
    /// Removes composites from a role.
    func removeComposites(_ children: [UUID], from roleID: UUID, logger: Logger) async throws
    /// The roles mapped directly to a user or group (`owner`), of the realm (`clientID` nil) or one client.
    func mappings(of owner: RoleOwner, clientID: UUID?, logger: Logger) async throws -> [Role]
    /// Maps roles to a user or group (already-mapped roles are ignored).
    func grant(_ roleIDs: [UUID], to owner: RoleOwner, logger: Logger) async throws
    /// Removes role mappings from a user or group.
    func revoke(_ roleIDs: [UUID], from owner: RoleOwner, logger: Logger) async throws
    /// Every role a user has: direct, through groups (and their parents), and through composites.
    func effectiveRoles(userID: UUID, logger: Logger) async throws -> EffectiveRoles
    /// The user's effective roles that a client without `fullScopeAllowed` may put in its
    /// tokens: those in its scope mappings or its own roles, composites of those expanded.
    func effectiveRoles(userID: UUID, scopedTo clientID: UUID, logger: Logger) async throws -> EffectiveRoles
    /// Ids of users mapped directly to a role, paged.
    func users(inRole roleID: UUID, first: Int, max: Int, logger: Logger) async throws -> [UUID]
}

/// Who holds role mappings.
public enum RoleOwner: Sendable, Hashable {
    /// A user.
    case user(UUID)
    /// A group.
    case group(UUID)
    /// A client's scope mappings (internal client id).
    case clientScope(UUID)
}

/// ``RoleStore`` on PostgreSQL.
public struct PostgresRoleStore: RoleStore {
    let client: PostgresClient

    /// Creates the store.
    public init(client: PostgresClient) { self.client = client }

    static let columns = """
        r.id, r.realm_id, r.client_id, r.name, r.description, EXISTS (SELECT 1 FROM role_composites rc WHERE rc.parent_id = r.id)
        """

    public func roles(realmID: UUID, clientID: UUID?, search: String?, first: Int, max: Int, logger: Logger) async throws -> [Role] {
        let pattern = search.map { "%" + $0.lowercased() + "%" }
        return try await fetch("""
            SELECT \(unescaped: Self.columns) FROM roles r
            WHERE r.realm_id = \(realmID) AND r.client_id IS NOT DISTINCT FROM \(clientID)
              AND (\(pattern)::text IS NULL OR lower(r.name) LIKE \(pattern))
            ORDER BY r.name OFFSET \(Swift.max(0, first)) LIMIT \(Swift.min(Swift.max(0, max), 1000))
            """, logger: logger)
    }

    public func role(realmID: UUID, clientID: UUID?, name: String, logger: Logger) async throws -> Role? {
        try await fetch("""
            SELECT \(unescaped: Self.columns) FROM roles r
            WHERE r.realm_id = \(realmID) AND r.client_id IS NOT DISTINCT FROM \(clientID) AND r.name = \(name)
            """, logger: logger).first
    }

    public func role(realmID: UUID, id: UUID, logger: Logger) async throws -> Role? {
        try await fetch("SELECT \(unescaped: Self.columns) FROM roles r WHERE r.realm_id = \(realmID) AND r.id = \(id)", logger: logger).first
    }

    public func create(_ role: Role, logger: Logger) async throws {
        try await StoreErrors.uniqueAsConflict("Role with name \(role.name) already exists") {
            try await client.query("""
                INSERT INTO roles (id, realm_id, client_id, name, description)
                VALUES (\(role.id), \(role.realmID), \(role.clientID), \(role.name), \(role.description))
                """, logger: logger)
        }
    }

    public func update(_ role: Role, logger: Logger) async throws {
        try await StoreErrors.uniqueAsConflict("Role with name \(role.name) already exists") {
            try await client.query("UPDATE roles SET name = \(role.name), description = \(role.description) WHERE id = \(role.id)", logger: logger)
        }
    }

    public func delete(id: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM roles WHERE id = \(id)", logger: logger)
    }

    public func composites(of roleID: UUID, logger: Logger) async throws -> [Role] {
        try await fetch("""
            SELECT \(unescaped: Self.columns) FROM roles r JOIN role_composites c ON c.child_id = r.id
            WHERE c.parent_id = \(roleID) ORDER BY r.name
            """, logger: logger)
    }

    public func addComposites(_ children: [UUID], to roleID: UUID, logger: Logger) async throws {
        try await client.query("""
            INSERT INTO role_composites (parent_id, child_id)
            SELECT \(roleID), child FROM unnest(\(children)::uuid[]) AS child WHERE child <> \(roleID)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    public func removeComposites(_ children: [UUID], from roleID: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM role_composites WHERE parent_id = \(roleID) AND child_id = ANY(\(children))", logger: logger)
    }

    public func mappings(of owner: RoleOwner, clientID: UUID?, logger: Logger) async throws -> [Role] {
        switch owner {
        case .user(let id):
            return try await fetch("""
                SELECT \(unescaped: Self.columns) FROM roles r JOIN user_roles m ON m.role_id = r.id
                WHERE m.user_id = \(id) AND r.client_id IS NOT DISTINCT FROM \(clientID) ORDER BY r.name
                """, logger: logger)
        case .group(let id):
            return try await fetch("""
                SELECT \(unescaped: Self.columns) FROM roles r JOIN group_roles m ON m.role_id = r.id
                WHERE m.group_id = \(id) AND r.client_id IS NOT DISTINCT FROM \(clientID) ORDER BY r.name
                """, logger: logger)
        case .clientScope(let id):
            return try await fetch("""
                SELECT \(unescaped: Self.columns) FROM roles r JOIN client_scope_mappings m ON m.role_id = r.id
                WHERE m.client_id = \(id) AND r.client_id IS NOT DISTINCT FROM \(clientID) ORDER BY r.name
                """, logger: logger)
        }
    }

    public func grant(_ roleIDs: [UUID], to owner: RoleOwner, logger: Logger) async throws {
        switch owner {
        case .user(let id):
            try await client.query("""
                INSERT INTO user_roles (user_id, role_id) SELECT \(id), role FROM unnest(\(roleIDs)::uuid[]) AS role ON CONFLICT DO NOTHING
                """, logger: logger)
        case .group(let id):
            try await client.query("""
                INSERT INTO group_roles (group_id, role_id) SELECT \(id), role FROM unnest(\(roleIDs)::uuid[]) AS role ON CONFLICT DO NOTHING
                """, logger: logger)
        case .clientScope(let id):
            try await client.query("""
                INSERT INTO client_scope_mappings (client_id, role_id) SELECT \(id), role FROM unnest(\(roleIDs)::uuid[]) AS role
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    public func revoke(_ roleIDs: [UUID], from owner: RoleOwner, logger: Logger) async throws {
        switch owner {
        case .user(let id):
            try await client.query("DELETE FROM user_roles WHERE user_id = \(id) AND role_id = ANY(\(roleIDs))", logger: logger)
        case .group(let id):
            try await client.query("DELETE FROM group_roles WHERE group_id = \(id) AND role_id = ANY(\(roleIDs))", logger: logger)
        case .clientScope(let id):
            try await client.query("DELETE FROM client_scope_mappings WHERE client_id = \(id) AND role_id = ANY(\(roleIDs))", logger: logger)
        }
    }

    public func effectiveRoles(userID: UUID, logger: Logger) async throws -> EffectiveRoles {
        try await effectiveRoles(userID: userID, scopedTo: nil, logger: logger)
    }

    public func effectiveRoles(userID: UUID, scopedTo clientID: UUID, logger: Logger) async throws -> EffectiveRoles {
        try await effectiveRoles(userID: userID, scopedTo: Optional(clientID), logger: logger)
    }

    /// The user's roles — direct, through groups and their parents, composites expanded — limited,
    /// when `clientID` is set, to that client's scope (its scope mappings and own roles, expanded).
    private func effectiveRoles(userID: UUID, scopedTo clientID: UUID?, logger: Logger) async throws -> EffectiveRoles {
        let rows = try await client.query("""
            WITH RECURSIVE user_groups(id) AS (
                SELECT group_id FROM group_members WHERE user_id = \(userID)
                UNION SELECT g.parent_id FROM groups g JOIN user_groups ug ON g.id = ug.id WHERE g.parent_id IS NOT NULL
            ), granted(id) AS (
                SELECT role_id FROM user_roles WHERE user_id = \(userID)
                UNION SELECT role_id FROM group_roles WHERE group_id IN (SELECT id FROM user_groups)
                UNION SELECT rc.child_id FROM role_composites rc JOIN granted g ON rc.parent_id = g.id
            ), in_scope(id) AS (
                SELECT role_id FROM client_scope_mappings WHERE client_id = \(clientID)
                UNION SELECT id FROM roles WHERE client_id = \(clientID)
                UNION SELECT rc.child_id FROM role_composites rc JOIN in_scope s ON rc.parent_id = s.id
            )
            SELECT r.name, c.client_id FROM roles r JOIN granted g ON r.id = g.id LEFT JOIN clients c ON c.id = r.client_id
            WHERE \(clientID)::uuid IS NULL OR r.id IN (SELECT id FROM in_scope)
            """, logger: logger)
        var roles = EffectiveRoles()
        for try await (name, clientID) in rows.decode((String, String?).self) {
            if let clientID { roles.clients[clientID, default: []].insert(name) } else { roles.realm.insert(name) }
        }
        return roles
    }

    public func users(inRole roleID: UUID, first: Int, max: Int, logger: Logger) async throws -> [UUID] {
        let rows = try await client.query("""
            SELECT u.id FROM users u JOIN user_roles m ON m.user_id = u.id WHERE m.role_id = \(roleID)
            ORDER BY u.username OFFSET \(Swift.max(0, first)) LIMIT \(Swift.min(Swift.max(0, max), 1000))
            """, logger: logger)
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    private func fetch(_ query: PostgresQuery, logger: Logger) async throws -> [Role] {
        var result: [Role] = []
        for try await r in try await client.query(query, logger: logger).decode((UUID, UUID, UUID?, String, String?, Bool).self) {
            var role = Role(id: r.0, realmID: r.1, clientID: r.2, name: r.3, description: r.4)
            role.composite = r.5
            result.append(role)
        }
        return result
    }
}
