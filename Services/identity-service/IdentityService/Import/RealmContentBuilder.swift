import Foundation
import Logging

/// Creates a realm's roles, clients, groups and users from Keycloak representations
/// (realm import and the admin API share it).
public struct RealmContentBuilder: Sendable {
    let stores: IdentityStores
    let hasher: PasswordHasher
    let realm: Realm

    /// Creates a builder for one realm.
    public init(stores: IdentityStores, hasher: PasswordHasher, realm: Realm) {
        self.stores = stores
        self.hasher = hasher
        self.realm = realm
    }

    /// Creates a role (composites are added by ``addComposites(_:clientID:logger:)`` once all roles exist).
    /// - Returns: The stored role.
    @discardableResult
    public func createRole(_ representation: RoleRepresentation, clientID: UUID?, logger: Logger) async throws -> Role {
        guard let name = representation.name, !name.isEmpty, name.utf8.count <= 255 else {
            throw IdentityError(.invalidRequest, "role name missing")
        }
        let role = Role(id: representation.id.flatMap(UUID.init(uuidString:)) ?? UUID(), realmID: realm.id, clientID: clientID,
                        name: name, description: representation.description)
        try await stores.roles.create(role, logger: logger)
        return role
    }

    /// Adds the composites a role representation lists.
    public func addComposites(_ representation: RoleRepresentation, clientID: UUID?, logger: Logger) async throws {
        guard let composites = representation.composites, let name = representation.name,
              let role = try await stores.roles.role(realmID: realm.id, clientID: clientID, name: name, logger: logger) else { return }
        let children = try await resolveRoles(realm: composites.realm ?? [], client: composites.client ?? [:], logger: logger)
        try await stores.roles.addComposites(children.map(\.id), to: role.id, logger: logger)
    }

    /// Sets the default role's composites from the legacy `defaultRoles` names or the `defaultRole` composite.
    public func setDefaultRoles(legacy: [String]?, composite: RoleRepresentation?, logger: Logger) async throws {
        guard let defaultRoleID = realm.defaultRoleID else { return }
        var names = legacy ?? []
        names += composite?.composites?.realm ?? []
        let roles = try await resolveRoles(realm: names, client: composite?.composites?.client ?? [:], logger: logger)
        try await stores.roles.addComposites(roles.map(\.id), to: defaultRoleID, logger: logger)
    }

    /// Creates a client (and its service-account user when enabled).
    /// - Returns: The stored client.
    @discardableResult
    public func createClient(_ representation: ClientRepresentation, logger: Logger) async throws -> Client {
        guard let clientID = representation.clientId, !clientID.isEmpty else { throw IdentityError(.invalidRequest, "clientId missing") }
        var client = Client(id: representation.id.flatMap(UUID.init(uuidString:)) ?? UUID(), realmID: realm.id, clientID: clientID)
        try representation.apply(to: &client)
        try await stores.clients.create(client, logger: logger)
        if client.serviceAccountsEnabled {
            _ = try await ServiceAccounts(users: stores.users, roles: stores.roles).user(for: client, realm: realm, logger: logger)
        }
        return client
    }

    /// Creates a group with its role mappings and subgroups.
    public func createGroup(_ representation: GroupRepresentation, parentID: UUID?, logger: Logger) async throws {
        guard let name = representation.name, !name.isEmpty else { throw IdentityError(.invalidRequest, "group name missing") }
        var group = Group(id: representation.id.flatMap(UUID.init(uuidString:)) ?? UUID(), realmID: realm.id, parentID: parentID, name: name)
        group.attributes = representation.attributes ?? [:]
        try await stores.groups.create(group, logger: logger)
        let roles = try await resolveRoles(realm: representation.realmRoles ?? [], client: representation.clientRoles ?? [:], logger: logger)
        try await stores.roles.grant(roles.map(\.id), to: .group(group.id), logger: logger)
        for child in representation.subGroups ?? [] { try await createGroup(child, parentID: group.id, logger: logger) }
    }

    /// Creates a user with credentials, role mappings and group memberships as a realm export lists them.
    /// - Parameter grantDefaultRoles: Map the realm's default role (admin API creates do; imports follow the file).
    /// - Returns: The stored user.
    @discardableResult
    public func createUser(_ representation: UserRepresentation, grantDefaultRoles: Bool = false, logger: Logger) async throws -> User {
        guard let username = representation.username, !username.isEmpty else { throw IdentityError(.invalidRequest, "User name is missing") }
        var user = User(id: representation.id.flatMap(UUID.init(uuidString:)) ?? UUID(), realmID: realm.id, username: username)
        try representation.apply(to: &user)
        let dropped = user.requiredActions.filter { RequiredAction.named($0) == nil }
        if !dropped.isEmpty { logger.notice("dropped required actions Tessera doesn't carry out", metadata: ["actions": "\(dropped.prefix(10))"]) }
        user.requiredActions = RequiredAction.supported(in: user.requiredActions)
        if let created = representation.createdTimestamp { user.createdAt = Date(timeIntervalSince1970: Double(created) / 1000) }
        if let serviceClient = representation.serviceAccountClientId {
            guard let client = try await stores.clients.client(realmID: realm.id, clientID: serviceClient, logger: logger) else {
                throw IdentityError(.invalidRequest, "service account of unknown client \(serviceClient)")
            }
            if let existing = try await stores.users.serviceAccountUser(clientID: client.id, logger: logger) {
                try await stores.users.delete(id: existing.id, logger: logger)
            }
            user.serviceAccountClientID = client.id
        }
        var credential: PasswordCredential?
        for representation in representation.credentials ?? [] where (representation.type ?? "password") == "password" {
            if let stored = try representation.storedCredential() {
                credential = stored
            } else if let value = representation.value {
                let policy = try PasswordPolicy(parsing: realm.settings.passwordPolicy)
                credential = try await hasher.hash(value, policy: policy)
                if representation.temporary == true, !user.requiredActions.contains(updatePasswordAction) {
                    user.requiredActions.append(updatePasswordAction)
                }
            }
        }
        try await stores.users.create(user, logger: logger)
        if let credential { try await stores.users.setPassword(userID: user.id, credential, logger: logger) }
        var roles = try await resolveRoles(realm: representation.realmRoles ?? [], client: representation.clientRoles ?? [:], logger: logger).map(\.id)
        if grantDefaultRoles, let defaultRole = realm.defaultRoleID { roles.append(defaultRole) }
        try await stores.roles.grant(roles, to: .user(user.id), logger: logger)
        for path in representation.groups ?? [] {
            guard let group = try await group(path: path, logger: logger) else { throw IdentityError(.invalidRequest, "unknown group \(path)") }
            try await stores.groups.addMember(userID: user.id, groupID: group.id, logger: logger)
        }
        return user
    }

    /// Resolves realm role names and client role names (by `clientId`) to roles.
    /// - Throws: ``IdentityError`` `.invalidRequest` naming the first unknown role.
    public func resolveRoles(realm names: [String], client: [String: [String]], logger: Logger) async throws -> [Role] {
        var roles: [Role] = []
        for name in names {
            if name == realm.defaultRoleName, let id = realm.defaultRoleID,
               let role = try await stores.roles.role(realmID: realm.id, id: id, logger: logger) {
                roles.append(role)
                continue
            }
            guard let role = try await stores.roles.role(realmID: realm.id, clientID: nil, name: name, logger: logger) else {
                throw IdentityError(.invalidRequest, "unknown realm role \(name)")
            }
            roles.append(role)
        }
        for (clientID, names) in client {
            guard let owner = try await stores.clients.client(realmID: realm.id, clientID: clientID, logger: logger) else {
                throw IdentityError(.invalidRequest, "unknown client \(clientID)")
            }
            for name in names {
                guard let role = try await stores.roles.role(realmID: realm.id, clientID: owner.id, name: name, logger: logger) else {
                    throw IdentityError(.invalidRequest, "unknown role \(name) of client \(clientID)")
                }
                roles.append(role)
            }
        }
        return roles
    }

    /// The group at a path such as `/radiology/readers`, or nil.
    func group(path: String, logger: Logger) async throws -> Group? {
        var parent: Group?
        for name in path.split(separator: "/").map(String.init) {
            let candidates = try await stores.groups.groups(realmID: realm.id, parentID: parent?.id, search: nil, first: 0, max: 1000, logger: logger)
            guard let next = candidates.first(where: { $0.name == name }) else { return nil }
            parent = next
        }
        return parent
    }
}
