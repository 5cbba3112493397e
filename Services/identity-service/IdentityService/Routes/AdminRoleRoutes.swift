import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// `/admin/realms/{realm}/roles…` and `/roles-by-id/{id}`: realm roles.
struct AdminRoleRoutes {
    let admin: AdminRequest
    let roles: RoleAdmin

    func register(on router: some RouterMethods<ServiceRequestContext>) {
        let base = "admin/realms/:realm/roles"
        router.get("\(base)", use: list)
        router.post("\(base)", use: create)
        router.get("\(base)/:role", use: get)
        router.put("\(base)/:role", use: update)
        router.delete("\(base)/:role", use: delete)
        router.get("\(base)/:role/composites", use: composites)
        router.post("\(base)/:role/composites", use: addComposites)
        router.delete("\(base)/:role/composites", use: removeComposites)
        router.get("\(base)/:role/users", use: users)
        router.get("admin/realms/:realm/roles-by-id/:id", use: byID)
    }

    func list(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewRealm)
        let (first, max) = AdminRequest.paging(request)
        return try HTTPHelpers.json(encoding: try await roles.list(realm, client: nil, search: request.uri.queryParameters.get("search"),
                                                                  first: first, max: max, logger: context.logger))
    }

    func create(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageRealm)
        let role = try await roles.create(realm, client: nil, try await AdminRequest.decode(RoleRepresentation.self, request), logger: context.logger)
        return AdminRequest.created(request, id: role.name)
    }

    func get(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(encoding: RoleRepresentation(try await roles.role(realm, client: nil, name: try context.parameters.require("role"),
                                                                                     logger: context.logger)))
    }

    func update(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageRealm)
        try await roles.update(realm, client: nil, name: try context.parameters.require("role"),
                               try await AdminRequest.decode(RoleRepresentation.self, request), logger: context.logger)
        return AdminRequest.noContent
    }

    func delete(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageRealm)
        try await roles.delete(realm, client: nil, name: try context.parameters.require("role"), logger: context.logger)
        return AdminRequest.noContent
    }

    func composites(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewRealm)
        return try HTTPHelpers.json(encoding: try await roles.composites(realm, client: nil, name: try context.parameters.require("role"), logger: context.logger))
    }

    func addComposites(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await changeComposites(request, context, add: true)
    }

    func removeComposites(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await changeComposites(request, context, add: false)
    }

    private func changeComposites(_ request: Request, _ context: ServiceRequestContext, add: Bool) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageRealm)
        try await roles.changeComposites(realm, client: nil, name: try context.parameters.require("role"),
                                         try await AdminRequest.decode([RoleRepresentation].self, request), add: add, logger: context.logger)
        return AdminRequest.noContent
    }

    func users(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let (first, max) = AdminRequest.paging(request)
        return try HTTPHelpers.json(encoding: try await roles.users(realm, client: nil, name: try context.parameters.require("role"),
                                                                   first: first, max: max, logger: context.logger))
    }

    func byID(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewRealm)
        guard let id = UUID(uuidString: try context.parameters.require("id")),
              let role = try await roles.stores.roles.role(realmID: realm.id, id: id, logger: context.logger)
        else { throw IdentityError(.notFound, "Could not find role with id") }
        return try HTTPHelpers.json(encoding: RoleRepresentation(role))
    }
}
