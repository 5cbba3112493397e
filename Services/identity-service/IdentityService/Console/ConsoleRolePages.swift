import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// Realm roles: list, create, edit (description, composites), users in role, delete — through ``RoleAdmin``.
struct ConsoleRolePages: Sendable {
    let flows: IdentityFlows
    var roles: RoleAdmin { RoleAdmin(flows: flows) }

    func register(on router: some RouterMethods<ServiceRequestContext>, console: ConsoleRoutes) {
        let base = "admin/console/realms/:realm/roles"
        router.get("\(base)", use: console.page(.viewRealm, section: "roles", list))
        router.post("\(base)", use: console.page(.viewRealm, section: "roles", create))
        router.get("\(base)/:role", use: console.page(.viewRealm, section: "roles", details))
        router.post("\(base)/:role", use: console.page(.viewRealm, section: "roles", save))
        router.post("\(base)/:role/composites", use: console.page(.viewRealm, section: "roles", changeComposites))
        router.get("\(base)/:role/delete", use: console.page(.viewRealm, section: "roles", confirmDelete))
        router.post("\(base)/:role/delete", use: console.page(.viewRealm, section: "roles", delete))
    }

    func list(_ page: ConsolePage) async throws -> ConsoleResult {
        let search = page.field("search")
        let found = try await roles.list(page.realm, client: nil, search: search.isEmpty ? nil : search, first: 0, max: 1000, logger: page.logger)
        let rows: [[String: Any]] = found.map {
            ["name": $0.name ?? "", "path": ConsoleURL.segment($0.name ?? ""), "description": $0.description ?? "", "composite": $0.composite ?? false,
             "isDefault": $0.id == page.realm.defaultRoleID?.uuidString.lowercased()]
        }
        return .page("roles", title: "Realm roles", section: "roles", values: ["roles": rows, "search": search, "empty": rows.isEmpty])
    }

    func create(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        let name = page.field("name")
        guard !name.isEmpty else { throw IdentityError(.invalidRequest, "Please specify a role name.") }
        let role = try await roles.create(page.realm, client: nil, RoleRepresentation(name: name, description: page.field("description")), logger: page.logger)
        return .redirect("\(page.realmBase)/roles/\(ConsoleURL.segment(role.name))", notice: "created")
    }

    func details(_ page: ConsolePage) async throws -> ConsoleResult {
        let role = try await roles.role(page.realm, client: nil, name: try page.parameter("role"), logger: page.logger)
        let composites = try await flows.stores.roles.composites(of: role.id, logger: page.logger)
        let compositeIDs = Set(composites.map(\.id))
        var clientNames: [UUID: String] = [:]
        for client in try await flows.stores.clients.clients(realmID: page.realm.id, clientID: nil, first: 0, max: 1000, logger: page.logger) {
            clientNames[client.id] = client.clientID
        }
        let all = try await flows.stores.roles.roles(realmID: page.realm.id, clientID: nil, search: nil, first: 0, max: 1000, logger: page.logger)
        let members = try await roles.users(page.realm, client: nil, name: role.name, first: 0, max: 100, logger: page.logger)
        let values: [String: Any] = [
            "roleName": role.name, "rolePath": "\(page.realmBase)/roles/\(ConsoleURL.segment(role.name))", "description": role.description ?? "",
            "isDefault": role.id == page.realm.defaultRoleID,
            "composites": composites.map { ["id": $0.id.uuidString.lowercased(), "name": $0.name, "client": $0.clientID.flatMap { clientNames[$0] } ?? ""] },
            "available": all.filter { $0.id != role.id && !compositeIDs.contains($0.id) }.map { ["id": $0.id.uuidString.lowercased(), "name": $0.name] },
            "users": members.map { ["id": $0.id ?? "", "username": $0.username ?? ""] },
        ]
        return .page("role", title: role.name, section: "roles", values: values)
    }

    func save(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        let name = try page.parameter("role")
        try await roles.update(page.realm, client: nil, name: name, RoleRepresentation(description: page.field("description", limit: 1000)), logger: page.logger)
        return .redirect("\(page.realmBase)/roles/\(ConsoleURL.segment(name))", notice: "saved")
    }

    func changeComposites(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        let name = try page.parameter("role")
        try await roles.changeComposites(page.realm, client: nil, name: name, [RoleRepresentation(id: page.field("child"))],
                                         add: page.form["action"] != "remove", logger: page.logger)
        return .redirect("\(page.realmBase)/roles/\(ConsoleURL.segment(name))", notice: "saved")
    }

    func confirmDelete(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        let role = try await roles.role(page.realm, client: nil, name: try page.parameter("role"), logger: page.logger)
        let path = "\(page.realmBase)/roles/\(ConsoleURL.segment(role.name))"
        return .page("confirm", title: "Delete role", section: "roles", values: [
            "question": "Delete role \u{201C}\(role.name)\u{201D}? Users lose it at their next sign-in.", "action": "\(path)/delete", "cancel": path,
            "confirmLabel": "Delete",
        ])
    }

    func delete(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        try await roles.delete(page.realm, client: nil, name: try page.parameter("role"), logger: page.logger)
        return .redirect("\(page.realmBase)/roles", notice: "deleted")
    }
}
