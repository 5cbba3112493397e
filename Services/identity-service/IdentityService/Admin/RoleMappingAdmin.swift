import Foundation
import Logging

/// Role mappings of users and groups (`…/role-mappings/realm`, `…/role-mappings/clients/{client}`).
public struct RoleMappingAdmin: Sendable {
    let flows: IdentityFlows
    var stores: IdentityStores { flows.stores }

    /// Creates the operations.
    public init(flows: IdentityFlows) { self.flows = flows }

    /// The directly mapped roles of the realm (`client` nil) or of a client (internal id).
    public func mapped(_ owner: RoleOwner, client: UUID?, logger: Logger) async throws -> [RoleRepresentation] {
        try await stores.roles.mappings(of: owner, clientID: client, logger: logger).map(RoleRepresentation.init)
    }

    /// The effective realm roles of a user (`…/role-mappings/realm/composite`).
    public func effectiveRealmRoles(_ realm: Realm, user: User, logger: Logger) async throws -> [RoleRepresentation] {
        let names = try await stores.roles.effectiveRoles(userID: user.id, logger: logger).realm
        var result: [RoleRepresentation] = []
        for name in names.sorted() {
            if let role = try await stores.roles.role(realmID: realm.id, clientID: nil, name: name, logger: logger) { result.append(RoleRepresentation(role)) }
        }
        return result
    }

    /// `GET …/role-mappings` (or `…/scope-mappings`): `{"realmMappings": [...], "clientMappings": {...}}`.
    public func all(_ realm: Realm, owner: RoleOwner, logger: Logger) async throws -> [String: Any] {
        let encoder = JSONEncoder()
        func plain(_ roles: [RoleRepresentation]) throws -> Any { try JSONSerialization.jsonObject(with: encoder.encode(roles)) }
        var result: [String: Any] = ["realmMappings": try plain(try await mapped(owner, client: nil, logger: logger))]
        var clientMappings: [String: Any] = [:]
        for client in try await stores.clients.clients(realmID: realm.id, clientID: nil, first: 0, max: 1000, logger: logger) {
            let roles = try await mapped(owner, client: client.id, logger: logger)
            if !roles.isEmpty {
                clientMappings[client.clientID] = ["id": client.id.uuidString.lowercased(), "client": client.clientID, "mappings": try plain(roles)]
            }
        }
        if !clientMappings.isEmpty { result["clientMappings"] = clientMappings }
        return result
    }

    /// Adds (`grant`) or removes role mappings named by representations (id or name).
    /// - Throws: ``IdentityError`` `.notFound` for an unknown role.
    public func change(_ realm: Realm, owner: RoleOwner, client: UUID?, roles: [RoleRepresentation], grant: Bool, logger: Logger) async throws {
        guard roles.count <= 1000 else { throw IdentityError(.invalidRequest, "Too many roles") }
        var ids: [UUID] = []
        for representation in roles {
            ids.append(try await resolve(realm, client: client, representation, logger: logger).id)
        }
        if grant {
            try await stores.roles.grant(ids, to: owner, logger: logger)
        } else {
            try await stores.roles.revoke(ids, from: owner, logger: logger)
        }
        let ownerPath = switch owner {
        case .user(let id): "users/\(id.uuidString.lowercased())"
        case .group(let id): "groups/\(id.uuidString.lowercased())"
        case .clientScope(let id): "clients/\(id.uuidString.lowercased())/scope"
        }
        let target = client.map { "clients/\($0.uuidString.lowercased())" } ?? "realm"
        let kind = if case .clientScope = owner { "scope-mappings" } else { "role-mappings" }
        await UserAdmin(flows: flows).adminEvent(realm, grant ? "CREATE" : "DELETE", "\(ownerPath.replacingOccurrences(of: "/scope", with: ""))/\(kind)/\(target)", logger: logger)
    }

    /// A role by representation id (preferred) or name, within the realm or client.
    func resolve(_ realm: Realm, client: UUID?, _ representation: RoleRepresentation, logger: Logger) async throws -> Role {
        if let id = representation.id.flatMap(UUID.init(uuidString:)),
           let role = try await stores.roles.role(realmID: realm.id, id: id, logger: logger), role.clientID == client {
            return role
        }
        if let name = representation.name, let role = try await stores.roles.role(realmID: realm.id, clientID: client, name: name, logger: logger) {
            return role
        }
        throw IdentityError(.notFound, "Role not found")
    }
}
