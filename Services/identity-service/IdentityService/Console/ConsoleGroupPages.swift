import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// Groups: the tree, create (top level or child), members, role mappings, rename, delete — through ``GroupAdmin``.
struct ConsoleGroupPages: Sendable {
    let flows: IdentityFlows
    var groups: GroupAdmin { GroupAdmin(flows: flows) }

    func register(on router: some RouterMethods<ServiceRequestContext>, console: ConsoleRoutes) {
        let base = "admin/console/realms/:realm/groups"
        router.get("\(base)", use: console.page(.viewRealm, section: "groups", tree))
        router.post("\(base)", use: console.page(.viewRealm, section: "groups", create))
        router.get("\(base)/:id", use: console.page(.viewRealm, section: "groups", details))
        router.post("\(base)/:id", use: console.page(.viewRealm, section: "groups", rename))
        router.post("\(base)/:id/roles", use: console.page(.viewRealm, section: "groups", changeRoles))
        router.post("\(base)/:id/delete", use: console.page(.viewRealm, section: "groups", delete))
    }

    /// A group with its path and depth.
    struct Entry {
        var id: String
        var path: String
        var depth: Int
    }

    /// Every group of the realm, depth first, with paths (at most 1000 per level).
    static func flatten(_ flows: IdentityFlows, _ realm: Realm, logger: Logger) async throws -> [Entry] {
        var result: [Entry] = []
        func visit(_ parent: UUID?, path: String, depth: Int) async throws {
            guard depth < 20 else { return }
            for group in try await flows.stores.groups.groups(realmID: realm.id, parentID: parent, search: nil, first: 0, max: 1000, logger: logger) {
                let childPath = "\(path)/\(group.name)"
                result.append(Entry(id: group.id.uuidString.lowercased(), path: childPath, depth: depth))
                try await visit(group.id, path: childPath, depth: depth + 1)
            }
        }
        try await visit(nil, path: "", depth: 0)
        return result
    }

    func tree(_ page: ConsolePage) async throws -> ConsoleResult {
        let entries = try await Self.flatten(flows, page.realm, logger: page.logger)
        let rows: [[String: Any]] = entries.map { entry in
            ["id": entry.id, "name": String(entry.path.split(separator: "/").last ?? ""), "path": entry.path, "indent": "depth-\(min(entry.depth, 6))"]
        }
        return .page("groups", title: "Groups", section: "groups", values: ["groups": rows, "empty": rows.isEmpty,
                                                                          "parents": entries.map { ["id": $0.id, "path": $0.path] }])
    }

    func create(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        var representation = GroupRepresentation()
        representation.name = page.field("name")
        let parent = page.field("parent")
        let group = try await groups.create(page.realm, parent: parent.isEmpty ? nil : parent, representation, logger: page.logger)
        return .redirect("\(page.realmBase)/groups/\(group.id.uuidString.lowercased())", notice: "created")
    }

    func details(_ page: ConsolePage) async throws -> ConsoleResult {
        let group = try await groups.group(page.realm, id: try page.parameter("id"), logger: page.logger)
        var values = try await ConsoleRoleMapping(flows: flows).values(page.realm, owner: .group(group.id), logger: page.logger)
        values["groupId"] = group.id.uuidString.lowercased()
        values["groupBase"] = "\(page.realmBase)/groups/\(group.id.uuidString.lowercased())"
        values["mappingAction"] = "\(page.realmBase)/groups/\(group.id.uuidString.lowercased())/roles"
        values["groupName"] = group.name
        values["groupPath"] = try await groups.path(of: group, logger: page.logger)
        values["members"] = try await groups.members(page.realm, id: group.id.uuidString.lowercased(), first: 0, max: 100, logger: page.logger)
            .map { ["id": $0.id ?? "", "username": $0.username ?? "", "email": $0.email ?? ""] }
        return .page("group", title: group.name, section: "groups", values: values)
    }

    func rename(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        let id = try page.parameter("id")
        var representation = GroupRepresentation()
        representation.name = page.field("name")
        try await groups.update(page.realm, id: id, representation, logger: page.logger)
        return .redirect("\(page.realmBase)/groups/\(id)", notice: "saved")
    }

    func changeRoles(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        let group = try await groups.group(page.realm, id: try page.parameter("id"), logger: page.logger)
        try await ConsoleRoleMapping(flows: flows).change(page, owner: .group(group.id))
        return .redirect("\(page.realmBase)/groups/\(group.id.uuidString.lowercased())", notice: "roles")
    }

    func delete(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        try await groups.delete(page.realm, id: try page.parameter("id"), logger: page.logger)
        return .redirect("\(page.realmBase)/groups", notice: "deleted")
    }
}
