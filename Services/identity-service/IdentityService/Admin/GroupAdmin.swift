import Foundation
import Logging

/// The admin API's group operations.
public struct GroupAdmin: Sendable {
    let flows: IdentityFlows
    var stores: IdentityStores { flows.stores }

    /// Creates the operations.
    public init(flows: IdentityFlows) { self.flows = flows }

    /// The group with this id.
    /// - Throws: ``IdentityError`` `.notFound` ("Could not find group by id").
    public func group(_ realm: Realm, id: String, logger: Logger) async throws -> Group {
        guard let uuid = UUID(uuidString: id), let group = try await stores.groups.group(realmID: realm.id, id: uuid, logger: logger) else {
            throw IdentityError(.notFound, "Could not find group by id")
        }
        return group
    }

    /// `/parent/child` path of a group.
    func path(of group: Group, logger: Logger) async throws -> String {
        try await GroupAdminPaths(stores: stores).path(of: group, logger: logger)
    }

    /// A group's representation with its direct subgroups.
    func representation(_ group: Group, logger: Logger) async throws -> GroupRepresentation {
        var representation = GroupRepresentation(group, path: try await path(of: group, logger: logger))
        let children = try await stores.groups.groups(realmID: group.realmID, parentID: group.id, search: nil, first: 0, max: 1000, logger: logger)
        representation.subGroupCount = children.count
        var subGroups: [GroupRepresentation] = []
        for child in children { subGroups.append(GroupRepresentation(child, path: try await path(of: child, logger: logger))) }
        representation.subGroups = subGroups
        return representation
    }

    /// `GET /groups/{id}/children`: direct subgroups, paged.
    public func children(of group: Group, first: Int, max: Int, logger: Logger) async throws -> [GroupRepresentation] {
        var result: [GroupRepresentation] = []
        for child in try await stores.groups.groups(realmID: group.realmID, parentID: group.id, search: nil, first: first, max: max, logger: logger) {
            result.append(try await representation(child, logger: logger))
        }
        return result
    }

    /// The group at a `/parent/child` path (Keycloak's `group-by-path`).
    /// - Throws: ``IdentityError`` `.notFound` when a segment does not exist.
    public func group(_ realm: Realm, path: String, logger: Logger) async throws -> Group {
        let names = path.split(separator: "/").map(String.init)
        guard !names.isEmpty, names.count <= 64 else { throw IdentityError(.notFound, "Group path does not exist") }
        var parent: Group?
        for name in names {
            let siblings = try await stores.groups.groups(realmID: realm.id, parentID: parent?.id, search: nil, first: 0, max: 10_000, logger: logger)
            guard let next = siblings.first(where: { $0.name == name }) else { throw IdentityError(.notFound, "Group path does not exist") }
            parent = next
        }
        return parent!
    }

    /// `GET /groups` (search, first, max): top-level groups.
    public func list(_ realm: Realm, search: String?, first: Int, max: Int, logger: Logger) async throws -> [GroupRepresentation] {
        var result: [GroupRepresentation] = []
        for group in try await stores.groups.groups(realmID: realm.id, parentID: nil, search: search, first: first, max: max, logger: logger) {
            result.append(try await representation(group, logger: logger))
        }
        return result
    }

    /// `POST /groups` or `POST /groups/{id}/children`.
    public func create(_ realm: Realm, parent: String?, _ representation: GroupRepresentation, logger: Logger) async throws -> Group {
        let parentGroup = try await parent.asyncMap { try await group(realm, id: $0, logger: logger) }
        guard let name = representation.name, !name.isEmpty, name.utf8.count <= 255 else { throw IdentityError(.invalidRequest, "Group name is missing") }
        var created = Group(realmID: realm.id, parentID: parentGroup?.id, name: name)
        created.attributes = representation.attributes ?? [:]
        try await stores.groups.create(created, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "CREATE", "groups/\(created.id.uuidString.lowercased())", logger: logger)
        return created
    }

    /// `PUT /groups/{id}`.
    public func update(_ realm: Realm, id: String, _ representation: GroupRepresentation, logger: Logger) async throws {
        var group = try await group(realm, id: id, logger: logger)
        if let name = representation.name, !name.isEmpty { group.name = name }
        if let attributes = representation.attributes { group.attributes = attributes }
        try await stores.groups.update(group, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "UPDATE", "groups/\(id)", logger: logger)
    }

    /// `DELETE /groups/{id}`.
    public func delete(_ realm: Realm, id: String, logger: Logger) async throws {
        let group = try await group(realm, id: id, logger: logger)
        try await stores.groups.delete(id: group.id, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "DELETE", "groups/\(id)", logger: logger)
    }

    /// `GET /groups/{id}/members` (first, max).
    public func members(_ realm: Realm, id: String, first: Int, max: Int, logger: Logger) async throws -> [UserRepresentation] {
        let group = try await group(realm, id: id, logger: logger)
        var result: [UserRepresentation] = []
        for userID in try await stores.groups.members(groupID: group.id, first: first, max: max, logger: logger) {
            if let user = try await stores.users.user(realmID: realm.id, id: userID, logger: logger) { result.append(UserRepresentation(user)) }
        }
        return result
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
