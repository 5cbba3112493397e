import Foundation
import Logging

/// The admin API's role operations for realm roles (`/roles`) and client roles (`/clients/{id}/roles`).
public struct RoleAdmin: Sendable {
    let flows: IdentityFlows
    var stores: IdentityStores { flows.stores }

    /// Creates the operations.
    public init(flows: IdentityFlows) { self.flows = flows }

    /// A role by name.
    /// - Throws: ``IdentityError`` `.notFound` ("Could not find role").
    public func role(_ realm: Realm, client: UUID?, name: String, logger: Logger) async throws -> Role {
        guard let role = try await stores.roles.role(realmID: realm.id, clientID: client, name: name, logger: logger) else {
            throw IdentityError(.notFound, "Could not find role")
        }
        return role
    }

    /// `GET /roles` (search, first, max).
    public func list(_ realm: Realm, client: UUID?, search: String?, first: Int, max: Int, logger: Logger) async throws -> [RoleRepresentation] {
        try await stores.roles.roles(realmID: realm.id, clientID: client, search: search, first: first, max: max, logger: logger).map(RoleRepresentation.init)
    }

    /// `POST /roles`.
    public func create(_ realm: Realm, client: UUID?, _ representation: RoleRepresentation, logger: Logger) async throws -> Role {
        var checked = representation
        checked.id = nil
        let role = try await RealmContentBuilder(stores: stores, hasher: flows.hasher, realm: realm).createRole(checked, clientID: client, logger: logger)
        if representation.composites != nil {
            try await RealmContentBuilder(stores: stores, hasher: flows.hasher, realm: realm).addComposites(checked, clientID: client, logger: logger)
        }
        await UserAdmin(flows: flows).adminEvent(realm, "CREATE", "roles/\(role.name)", logger: logger)
        return role
    }

    /// `PUT /roles/{name}`: name and description; omitted fields stay unchanged.
    public func update(_ realm: Realm, client: UUID?, name: String, _ representation: RoleRepresentation, logger: Logger) async throws {
        var role = try await role(realm, client: client, name: name, logger: logger)
        if let newName = representation.name, !newName.isEmpty { role.name = newName }
        if let description = representation.description { role.description = description }
        try await stores.roles.update(role, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "UPDATE", "roles/\(name)", logger: logger)
    }

    /// `DELETE /roles/{name}`.
    public func delete(_ realm: Realm, client: UUID?, name: String, logger: Logger) async throws {
        let role = try await role(realm, client: client, name: name, logger: logger)
        guard role.id != realm.defaultRoleID else { throw IdentityError(.invalidRequest, "It is not allowed to delete the default role") }
        try await stores.roles.delete(id: role.id, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "DELETE", "roles/\(name)", logger: logger)
    }

    /// `GET /roles/{name}/composites`.
    public func composites(_ realm: Realm, client: UUID?, name: String, logger: Logger) async throws -> [RoleRepresentation] {
        let role = try await role(realm, client: client, name: name, logger: logger)
        return try await stores.roles.composites(of: role.id, logger: logger).map(RoleRepresentation.init)
    }

    /// `POST` / `DELETE /roles/{name}/composites`.
    public func changeComposites(_ realm: Realm, client: UUID?, name: String, _ children: [RoleRepresentation], add: Bool, logger: Logger) async throws {
        let role = try await role(realm, client: client, name: name, logger: logger)
        let mapping = RoleMappingAdmin(flows: flows)
        var ids: [UUID] = []
        for child in children {
            if let id = child.id.flatMap(UUID.init(uuidString:)), let found = try await stores.roles.role(realmID: realm.id, id: id, logger: logger) {
                ids.append(found.id)
            } else {
                ids.append(try await mapping.resolve(realm, client: child.clientRole == true ? client : nil, child, logger: logger).id)
            }
        }
        if add {
            try await stores.roles.addComposites(ids, to: role.id, logger: logger)
        } else {
            try await stores.roles.removeComposites(ids, from: role.id, logger: logger)
        }
        await UserAdmin(flows: flows).adminEvent(realm, add ? "CREATE" : "DELETE", "roles/\(name)/composites", logger: logger)
    }

    /// `GET /roles/{name}/users` (first, max).
    public func users(_ realm: Realm, client: UUID?, name: String, first: Int, max: Int, logger: Logger) async throws -> [UserRepresentation] {
        let role = try await role(realm, client: client, name: name, logger: logger)
        var result: [UserRepresentation] = []
        for id in try await stores.roles.users(inRole: role.id, first: first, max: max, logger: logger) {
            if let user = try await stores.users.user(realmID: realm.id, id: id, logger: logger) { result.append(UserRepresentation(user)) }
        }
        return result
    }
}
