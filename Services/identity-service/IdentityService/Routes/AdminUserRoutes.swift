import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// `/admin/realms/{realm}/users…` with Keycloak's status codes (201 + Location, 204, bare count).
struct AdminUserRoutes {
    let admin: AdminRequest
    let users: UserAdmin
    let mappings: RoleMappingAdmin
    let clients: ClientAdmin

    func register(on router: some RouterMethods<ServiceRequestContext>) {
        let base = "admin/realms/:realm/users"
        router.get("\(base)", use: list)
        router.post("\(base)", use: create)
        router.get("\(base)/count", use: count)
        router.get("\(base)/:id", use: get)
        router.put("\(base)/:id", use: update)
        router.delete("\(base)/:id", use: delete)
        router.put("\(base)/:id/reset-password", use: resetPassword)
        router.get("\(base)/:id/sessions", use: sessions)
        router.post("\(base)/:id/logout", use: logout)
        router.get("\(base)/:id/groups", use: groups)
        router.put("\(base)/:id/groups/:group", use: joinGroup)
        router.delete("\(base)/:id/groups/:group", use: leaveGroup)
        router.get("\(base)/:id/role-mappings", use: allMappings)
        router.get("\(base)/:id/role-mappings/realm", use: realmMappings)
        router.post("\(base)/:id/role-mappings/realm", use: addRealmMappings)
        router.delete("\(base)/:id/role-mappings/realm", use: removeRealmMappings)
        router.get("\(base)/:id/role-mappings/realm/composite", use: effectiveRealmMappings)
        router.get("\(base)/:id/role-mappings/clients/:client", use: clientMappings)
        router.post("\(base)/:id/role-mappings/clients/:client", use: addClientMappings)
        router.delete("\(base)/:id/role-mappings/clients/:client", use: removeClientMappings)
    }

    static func query(_ request: Request) -> UserQuery {
        let parameters = request.uri.queryParameters
        var query = UserQuery()
        query.search = parameters.get("search")
        query.username = parameters.get("username")
        query.email = parameters.get("email")
        query.firstName = parameters.get("firstName")
        query.lastName = parameters.get("lastName")
        query.enabled = parameters.get("enabled").flatMap { Bool($0) }
        query.exact = parameters.get("exact").flatMap { Bool($0) } ?? false
        (query.first, query.max) = AdminRequest.paging(request)
        return query
    }

    func list(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(encoding: try await users.search(realm, query: Self.query(request), logger: context.logger))
    }

    func count(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(encoding: try await users.count(realm, query: Self.query(request), logger: context.logger))
    }

    func create(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        let user = try await users.create(realm, try await AdminRequest.decode(UserRepresentation.self, request), logger: context.logger)
        return AdminRequest.created(request, id: user.id.uuidString.lowercased())
    }

    func get(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(encoding: UserRepresentation(try await users.user(realm, id: try context.parameters.require("id"), logger: context.logger)))
    }

    func update(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await users.update(realm, id: try context.parameters.require("id"), try await AdminRequest.decode(UserRepresentation.self, request), logger: context.logger)
        return AdminRequest.noContent
    }

    func delete(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await users.delete(realm, id: try context.parameters.require("id"), logger: context.logger)
        return AdminRequest.noContent
    }

    func resetPassword(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await users.resetPassword(realm, id: try context.parameters.require("id"),
                                      try await AdminRequest.decode(CredentialRepresentation.self, request), logger: context.logger)
        return AdminRequest.noContent
    }

    func sessions(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(try await users.sessions(realm, id: try context.parameters.require("id"), logger: context.logger))
    }

    func logout(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await users.logout(realm, id: try context.parameters.require("id"), logger: context.logger)
        return AdminRequest.noContent
    }

    func groups(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(encoding: try await users.groups(realm, id: try context.parameters.require("id"), logger: context.logger))
    }

    func joinGroup(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await membership(request, context, member: true)
    }

    func leaveGroup(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await membership(request, context, member: false)
    }

    private func membership(_ request: Request, _ context: ServiceRequestContext, member: Bool) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await users.setMembership(realm, id: try context.parameters.require("id"), groupID: try context.parameters.require("group"),
                                      member: member, logger: context.logger)
        return AdminRequest.noContent
    }

    private func owner(_ realm: Realm, _ context: ServiceRequestContext) async throws -> (User, RoleOwner) {
        let user = try await users.user(realm, id: try context.parameters.require("id"), logger: context.logger)
        return (user, .user(user.id))
    }

    private func client(_ realm: Realm, _ context: ServiceRequestContext) async throws -> UUID {
        try await clients.client(realm, id: try context.parameters.require("client"), logger: context.logger).id
    }

    func allMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(try await mappings.all(realm, owner: try await owner(realm, context).1, logger: context.logger))
    }

    func realmMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(encoding: try await mappings.mapped(try await owner(realm, context).1, client: nil, logger: context.logger))
    }

    func effectiveRealmMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(encoding: try await mappings.effectiveRealmRoles(realm, user: try await owner(realm, context).0, logger: context.logger))
    }

    func addRealmMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await changeMappings(request, context, client: false, grant: true)
    }

    func removeRealmMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await changeMappings(request, context, client: false, grant: false)
    }

    func clientMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let owner = try await owner(realm, context).1
        return try HTTPHelpers.json(encoding: try await mappings.mapped(owner, client: try await client(realm, context), logger: context.logger))
    }

    func addClientMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await changeMappings(request, context, client: true, grant: true)
    }

    func removeClientMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await changeMappings(request, context, client: true, grant: false)
    }

    private func changeMappings(_ request: Request, _ context: ServiceRequestContext, client byClient: Bool, grant: Bool) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        let owner = try await owner(realm, context).1
        let clientID = byClient ? try await client(realm, context) : nil
        let roles = try await AdminRequest.decode([RoleRepresentation].self, request)
        try await mappings.change(realm, owner: owner, client: clientID, roles: roles, grant: grant, logger: context.logger)
        return AdminRequest.noContent
    }
}
