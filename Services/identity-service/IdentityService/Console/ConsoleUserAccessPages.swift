import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// A user's role mapping, groups and sessions tabs.
struct ConsoleUserAccessPages: Sendable {
    let flows: IdentityFlows
    var users: UserAdmin { UserAdmin(flows: flows) }
    var mappings: RoleMappingAdmin { RoleMappingAdmin(flows: flows) }

    func register(on router: some RouterMethods<ServiceRequestContext>, console: ConsoleRoutes, base: String) {
        router.get("\(base)/:id/roles", use: console.page(.viewUsers, section: "users", roles))
        router.post("\(base)/:id/roles", use: console.page(.viewUsers, section: "users", changeRoles))
        router.get("\(base)/:id/groups", use: console.page(.viewUsers, section: "users", groups))
        router.post("\(base)/:id/groups", use: console.page(.viewUsers, section: "users", changeGroups))
        router.get("\(base)/:id/sessions", use: console.page(.viewUsers, section: "users", sessions))
        router.post("\(base)/:id/sessions", use: console.page(.viewUsers, section: "users", signOut))
    }

    private var pages: ConsoleUserPages { ConsoleUserPages(flows: flows) }

    func roles(_ page: ConsolePage) async throws -> ConsoleResult {
        let user = try await users.user(page.realm, id: try page.parameter("id"), logger: page.logger)
        var values = try await pages.tabValues(page, user, tab: "roles")
        values.merge(try await ConsoleRoleMapping(flows: flows).values(page.realm, owner: .user(user.id), logger: page.logger)) { _, new in new }
        values["mappingAction"] = "\(page.realmBase)/users/\(user.id.uuidString.lowercased())/roles"
        let effective = try await flows.stores.roles.effectiveRoles(userID: user.id, logger: page.logger)
        var chips = effective.realm.sorted().map { ["name": $0, "client": ""] }
        for (client, names) in effective.clients.sorted(by: { $0.key < $1.key }) {
            chips += names.sorted().map { ["name": $0, "client": client] }
        }
        values["effective"] = chips
        return .page("user-roles", title: user.username, section: "users", values: values)
    }

    func changeRoles(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        let user = try await users.user(page.realm, id: try page.parameter("id"), logger: page.logger)
        try await ConsoleRoleMapping(flows: flows).change(page, owner: .user(user.id))
        return .redirect("\(page.realmBase)/users/\(user.id.uuidString.lowercased())/roles", notice: "roles")
    }

    func groups(_ page: ConsolePage) async throws -> ConsoleResult {
        let user = try await users.user(page.realm, id: try page.parameter("id"), logger: page.logger)
        var values = try await pages.tabValues(page, user, tab: "groups")
        let member = try await users.groups(page.realm, id: user.id.uuidString.lowercased(), logger: page.logger)
        let memberIDs = Set(member.compactMap(\.id))
        values["memberOf"] = member.map { ["id": $0.id ?? "", "path": $0.path ?? $0.name ?? ""] }
        let all = try await ConsoleGroupPages.flatten(flows, page.realm, logger: page.logger)
        let available = all.filter { !memberIDs.contains($0.id) }
        values["available"] = available.map { ["id": $0.id, "path": $0.path] }
        values["hasAvailable"] = !available.isEmpty
        return .page("user-groups", title: user.username, section: "users", values: values)
    }

    func changeGroups(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        let id = try page.parameter("id")
        try await users.setMembership(page.realm, id: id, groupID: page.field("group"), member: page.form["action"] == "join", logger: page.logger)
        return .redirect("\(page.realmBase)/users/\(id)/groups", notice: "joined")
    }

    func sessions(_ page: ConsolePage) async throws -> ConsoleResult {
        let user = try await users.user(page.realm, id: try page.parameter("id"), logger: page.logger)
        var values = try await pages.tabValues(page, user, tab: "sessions")
        let sessions = try await flows.stores.sessions.sessions(userID: user.id, logger: page.logger)
        values["sessions"] = sessions.filter { $0.isActive(page.realm.settings, now: Date()) }.map {
            ["id": $0.id.uuidString.lowercased(), "started": ConsoleFormat.time($0.authTime), "lastAccess": ConsoleFormat.time($0.lastRefresh)]
        }
        values["hasSessions"] = !(values["sessions"] as? [Any] ?? []).isEmpty
        return .page("user-sessions", title: user.username, section: "users", values: values)
    }

    func signOut(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        let id = try page.parameter("id")
        if let sessionID = UUID(uuidString: page.field("session")) {
            let user = try await users.user(page.realm, id: id, logger: page.logger)
            guard let session = try await flows.stores.sessions.session(id: sessionID, logger: page.logger), session.userID == user.id else {
                throw IdentityError(.notFound, "Session not found")
            }
            try await LogoutFlow(stores: flows.stores, keys: flows.keys, issuer: flows.issuer, events: flows.events)
                .end(realm: page.realm, sessionID: sessionID, ipAddress: HTTPHelpers.clientAddress(page.request), logger: page.logger)
            await users.adminEvent(page.realm, "DELETE", "sessions/\(sessionID.uuidString.lowercased())", logger: page.logger)
        } else {
            try await users.logout(page.realm, id: id, logger: page.logger)
        }
        return .redirect("\(page.realmBase)/users/\(id)/sessions", notice: "signedout")
    }
}

/// Role-mapping tables and their add/remove form, for users and groups.
struct ConsoleRoleMapping: Sendable {
    let flows: IdentityFlows

    /// `assigned` (with remove values) and `available` (option values) for realm and client roles.
    func values(_ realm: Realm, owner: RoleOwner, logger: Logger) async throws -> [String: Any] {
        var assigned: [[String: Any]] = []
        var available: [[String: Any]] = []
        let realmRoles = try await flows.stores.roles.roles(realmID: realm.id, clientID: nil, search: nil, first: 0, max: 1000, logger: logger)
        let mappedRealm = Set(try await flows.stores.roles.mappings(of: owner, clientID: nil, logger: logger).map(\.id))
        for role in realmRoles {
            let entry: [String: Any] = ["value": ":\(role.id.uuidString.lowercased())", "name": role.name, "client": "", "description": role.description ?? ""]
            if mappedRealm.contains(role.id) { assigned.append(entry) } else { available.append(entry) }
        }
        for client in try await flows.stores.clients.clients(realmID: realm.id, clientID: nil, first: 0, max: 1000, logger: logger) {
            let roles = try await flows.stores.roles.roles(realmID: realm.id, clientID: client.id, search: nil, first: 0, max: 1000, logger: logger)
            guard !roles.isEmpty else { continue }
            let mapped = Set(try await flows.stores.roles.mappings(of: owner, clientID: client.id, logger: logger).map(\.id))
            for role in roles {
                let entry: [String: Any] = ["value": "\(client.id.uuidString.lowercased()):\(role.id.uuidString.lowercased())", "name": role.name,
                                            "client": client.clientID, "description": role.description ?? ""]
                if mapped.contains(role.id) { assigned.append(entry) } else { available.append(entry) }
            }
        }
        return ["assigned": assigned, "available": available, "hasAssigned": !assigned.isEmpty]
    }

    /// Applies the form: `role` = `clientUUID:roleUUID` (empty client for realm roles), `action` = `add` or `remove`.
    func change(_ page: ConsolePage, owner: RoleOwner) async throws {
        let parts = page.field("role").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw IdentityError(.invalidRequest, "Choose a role.") }
        let client: UUID? = parts[0].isEmpty ? nil : try await ClientAdmin(flows: flows).client(page.realm, id: parts[0], logger: page.logger).id
        var role = RoleRepresentation()
        role.id = parts[1]
        try await RoleMappingAdmin(flows: flows).change(page.realm, owner: owner, client: client, roles: [role], grant: page.form["action"] != "remove",
                                                        logger: page.logger)
    }
}
