import Foundation
import Logging

/// Exports a realm as a Keycloak realm representation (the format ``RealmImporter`` reads):
/// settings, roles with composites, default role, clients with secrets, groups and users
/// with hashed credentials and role mappings.
public struct RealmExporter: Sendable {
    let stores: IdentityStores

    /// Creates an exporter.
    public init(stores: IdentityStores) { self.stores = stores }

    /// The realm's JSON.
    /// - Throws: ``IdentityError`` `.notFound` for an unknown realm.
    public func export(realmNamed name: String, logger: Logger) async throws -> Data {
        guard let realm = try await stores.realms.realm(named: name, logger: logger) else { throw IdentityError(.notFound, "Realm not found.") }
        let clients = try await stores.clients.clients(realmID: realm.id, clientID: nil, first: 0, max: 100_000, logger: logger)
        let clientNames = Dictionary(uniqueKeysWithValues: clients.map { ($0.id, $0.clientID) })
        var representation = RealmRepresentation()
        representation.id = realm.id.uuidString.lowercased()
        representation.realm = realm.name
        representation.enabled = realm.enabled
        representation.displayName = realm.displayName
        representation.clients = clients.map { ClientRepresentation($0, includeSecret: true) }

        func withComposites(_ role: Role) async throws -> RoleRepresentation {
            var result = RoleRepresentation(role)
            let children = try await stores.roles.composites(of: role.id, logger: logger)
            if !children.isEmpty {
                let realmNames = children.filter { $0.clientID == nil }.map(\.name)
                var byClient: [String: [String]] = [:]
                for child in children { if let id = child.clientID, let clientName = clientNames[id] { byClient[clientName, default: []].append(child.name) } }
                result.composites = .init(realm: realmNames.isEmpty ? nil : realmNames, client: byClient.isEmpty ? nil : byClient)
            }
            return result
        }
        var realmRoles: [RoleRepresentation] = []
        for role in try await stores.roles.roles(realmID: realm.id, clientID: nil, search: nil, first: 0, max: 100_000, logger: logger) {
            let exported = try await withComposites(role)
            if role.id == realm.defaultRoleID { representation.defaultRole = exported } else { realmRoles.append(exported) }
        }
        var clientRoles: [String: [RoleRepresentation]] = [:]
        for client in clients {
            var roles: [RoleRepresentation] = []
            for role in try await stores.roles.roles(realmID: realm.id, clientID: client.id, search: nil, first: 0, max: 100_000, logger: logger) {
                roles.append(try await withComposites(role))
            }
            if !roles.isEmpty { clientRoles[client.clientID] = roles }
        }
        representation.roles = RolesRepresentation(realm: realmRoles, client: clientRoles)

        func mappings(_ owner: RoleOwner) async throws -> ([String], [String: [String]]) {
            let realmNames = try await stores.roles.mappings(of: owner, clientID: nil, logger: logger).map(\.name)
            var byClient: [String: [String]] = [:]
            for client in clients {
                let names = try await stores.roles.mappings(of: owner, clientID: client.id, logger: logger).map(\.name)
                if !names.isEmpty { byClient[client.clientID] = names }
            }
            return (realmNames, byClient)
        }
        var scopeMappings: [ScopeMappingRepresentation] = []
        var clientScopeMappings: [String: [ScopeMappingRepresentation]] = [:]
        for client in clients {
            let (realmNames, byClient) = try await mappings(.clientScope(client.id))
            if !realmNames.isEmpty { scopeMappings.append(ScopeMappingRepresentation(client: client.clientID, roles: realmNames)) }
            for (owner, names) in byClient.sorted(by: { $0.key < $1.key }) {
                clientScopeMappings[owner, default: []].append(ScopeMappingRepresentation(client: client.clientID, roles: names))
            }
        }
        representation.scopeMappings = scopeMappings.isEmpty ? nil : scopeMappings
        representation.clientScopeMappings = clientScopeMappings.isEmpty ? nil : clientScopeMappings
        let groupAdmin = GroupAdminPaths(stores: stores)
        func exportGroups(parent: UUID?) async throws -> [GroupRepresentation] {
            var result: [GroupRepresentation] = []
            for group in try await stores.groups.groups(realmID: realm.id, parentID: parent, search: nil, first: 0, max: 100_000, logger: logger) {
                var exported = GroupRepresentation(group, path: try await groupAdmin.path(of: group, logger: logger))
                (exported.realmRoles, exported.clientRoles) = try await mappings(.group(group.id))
                exported.subGroups = try await exportGroups(parent: group.id)
                result.append(exported)
            }
            return result
        }
        representation.groups = try await exportGroups(parent: nil)

        var users: [UserRepresentation] = []
        var query = UserQuery()
        query.max = 1000
        var serviceAccounts: [User] = []
        for client in clients where client.serviceAccountsEnabled {
            if let user = try await stores.users.serviceAccountUser(clientID: client.id, logger: logger) { serviceAccounts.append(user) }
        }
        while true {
            let page = try await stores.users.users(realmID: realm.id, query: query, logger: logger)
            for user in page + (query.first == 0 ? serviceAccounts : []) {
                var exported = UserRepresentation(user)
                exported.access = nil
                exported.serviceAccountClientId = user.serviceAccountClientID.flatMap { clientNames[$0] }
                if let credential = try await stores.users.password(userID: user.id, logger: logger) {
                    exported.credentials = [CredentialRepresentation(credential)]
                }
                (exported.realmRoles, exported.clientRoles) = try await mappings(.user(user.id))
                var paths: [String] = []
                for group in try await stores.groups.groups(ofUser: user.id, logger: logger) { paths.append(try await groupAdmin.path(of: group, logger: logger)) }
                exported.groups = paths
                users.append(exported)
            }
            guard page.count == query.max else { break }
            query.first += query.max
        }
        representation.users = users

        let encoder = JSONEncoder()
        var object = try JSONSerialization.jsonObject(with: encoder.encode(realm.settings)) as? [String: Any] ?? [:]
        let rest = try JSONSerialization.jsonObject(with: encoder.encode(representation)) as? [String: Any] ?? [:]
        object.merge(rest) { _, new in new }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }
}

/// Group paths without admin-API dependencies.
struct GroupAdminPaths: Sendable {
    let stores: IdentityStores

    /// `/parent/child`.
    func path(of group: Group, logger: Logger) async throws -> String {
        var names = [group.name]
        var parentID = group.parentID
        var depth = 0
        while let id = parentID, depth < 100, let parent = try await stores.groups.group(realmID: group.realmID, id: id, logger: logger) {
            names.insert(parent.name, at: 0)
            parentID = parent.parentID
            depth += 1
        }
        return "/" + names.joined(separator: "/")
    }
}
