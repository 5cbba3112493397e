import Foundation
import Logging

/// Creates realms with what every realm has: the default role and the `realm-management`
/// client whose roles authorize realm administrators (as in Keycloak).
public struct RealmProvisioner: Sendable {
    let stores: IdentityStores

    /// The realm role that allows offline tokens (a composite of every new realm's default role).
    public static let offlineAccessRole = "offline_access"
    /// The `realm-management` client id.
    public static let managementClientID = "realm-management"
    /// Its roles, each with the roles it includes.
    public static let managementRoles: [(name: String, includes: [String])] = [
        ("query-users", []), ("query-groups", []), ("query-clients", []), ("query-realms", []),
        ("view-users", ["query-users", "query-groups"]), ("view-clients", ["query-clients"]),
        ("view-realm", []), ("view-events", []),
        ("manage-users", []), ("manage-clients", []), ("manage-realm", []), ("manage-events", []),
        ("realm-admin", ["query-users", "query-groups", "query-clients", "query-realms", "view-users", "view-clients", "view-realm",
                         "view-events", "manage-users", "manage-clients", "manage-realm", "manage-events"]),
    ]

    /// Creates the provisioner.
    public init(stores: IdentityStores) { self.stores = stores }

    /// Creates a realm, its default role and its `realm-management` client and roles.
    /// - Returns: The stored realm.
    /// - Throws: ``IdentityError`` `.conflict` when the name is taken.
    public func create(_ realm: Realm, logger: Logger) async throws -> Realm {
        let created = try await stores.realms.create(realm, logger: logger)
        let offlineAccess = Role(realmID: created.id, name: Self.offlineAccessRole, description: "${role_offline-access}")
        try await stores.roles.create(offlineAccess, logger: logger)
        if let defaultRole = created.defaultRoleID { try await stores.roles.addComposites([offlineAccess.id], to: defaultRole, logger: logger) }
        var management = Client(realmID: created.id, clientID: Self.managementClientID)
        management.name = "${client_realm-management}"
        management.bearerOnly = true
        management.standardFlowEnabled = true
        try await stores.clients.create(management, logger: logger)
        var ids: [String: UUID] = [:]
        for (name, _) in Self.managementRoles {
            let role = Role(realmID: created.id, clientID: management.id, name: name, description: "${role_\(name)}")
            try await stores.roles.create(role, logger: logger)
            ids[name] = role.id
        }
        for (name, includes) in Self.managementRoles where !includes.isEmpty {
            try await stores.roles.addComposites(includes.compactMap { ids[$0] }, to: ids[name]!, logger: logger)
        }
        return created
    }
}
