import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// `/admin/realms/{realm}/clients…`: clients, secrets, client roles, service-account user.
struct AdminClientRoutes {
    let admin: AdminRequest
    let clients: ClientAdmin
    let roles: RoleAdmin

    func register(on router: some RouterMethods<ServiceRequestContext>) {
        let base = "admin/realms/:realm/clients"
        router.get("\(base)", use: list)
        router.post("\(base)", use: create)
        router.get("\(base)/:id", use: get)
        router.put("\(base)/:id", use: update)
        router.delete("\(base)/:id", use: delete)
        router.get("\(base)/:id/client-secret", use: secret)
        router.post("\(base)/:id/client-secret", use: regenerateSecret)
        router.get("\(base)/:id/service-account-user", use: serviceAccountUser)
        router.get("\(base)/:id/roles", use: listRoles)
        router.post("\(base)/:id/roles", use: createRole)
        router.get("\(base)/:id/roles/:role", use: getRole)
        router.put("\(base)/:id/roles/:role", use: updateRole)
        router.delete("\(base)/:id/roles/:role", use: deleteRole)
        router.get("\(base)/:id/roles/:role/users", use: roleUsers)
    }

    func list(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        let (first, max) = AdminRequest.paging(request)
        return try HTTPHelpers.json(encoding: try await clients.list(realm, clientID: request.uri.queryParameters.get("clientId"),
                                                                    first: first, max: max, logger: context.logger))
    }

    func create(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageClients)
        let client = try await clients.create(realm, try await AdminRequest.decode(ClientRepresentation.self, request), logger: context.logger)
        return AdminRequest.created(request, id: client.id.uuidString.lowercased())
    }

    func get(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        let client = try await clients.client(realm, id: try context.parameters.require("id"), logger: context.logger)
        return try HTTPHelpers.json(encoding: ClientRepresentation(client, includeSecret: true))
    }

    func update(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageClients)
        try await clients.update(realm, id: try context.parameters.require("id"), try await AdminRequest.decode(ClientRepresentation.self, request),
                                 logger: context.logger)
        return AdminRequest.noContent
    }

    func delete(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageClients)
        try await clients.delete(realm, id: try context.parameters.require("id"), logger: context.logger)
        return AdminRequest.noContent
    }

    func secret(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        return try HTTPHelpers.json(try await clients.secret(realm, id: try context.parameters.require("id"), logger: context.logger))
    }

    func regenerateSecret(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageClients)
        return try HTTPHelpers.json(try await clients.regenerateSecret(realm, id: try context.parameters.require("id"), logger: context.logger))
    }

    func serviceAccountUser(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        return try HTTPHelpers.json(encoding: try await clients.serviceAccountUser(realm, id: try context.parameters.require("id"), logger: context.logger))
    }

    private func owner(_ realm: Realm, _ context: ServiceRequestContext) async throws -> UUID {
        try await clients.client(realm, id: try context.parameters.require("id"), logger: context.logger).id
    }

    func listRoles(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        let (first, max) = AdminRequest.paging(request)
        return try HTTPHelpers.json(encoding: try await roles.list(realm, client: try await owner(realm, context), search: request.uri.queryParameters.get("search"),
                                                                  first: first, max: max, logger: context.logger))
    }

    func createRole(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageClients)
        let role = try await roles.create(realm, client: try await owner(realm, context), try await AdminRequest.decode(RoleRepresentation.self, request),
                                          logger: context.logger)
        return AdminRequest.created(request, id: role.name)
    }

    /// `GET /clients/{id}/roles/{role}/users` (first, max): users mapped directly to a client role.
    func roleUsers(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let (first, max) = AdminRequest.paging(request)
        return try HTTPHelpers.json(encoding: try await roles.users(realm, client: try await owner(realm, context), name: try context.parameters.require("role"),
                                                                   first: first, max: max, logger: context.logger))
    }

    func getRole(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        let role = try await roles.role(realm, client: try await owner(realm, context), name: try context.parameters.require("role"), logger: context.logger)
        return try HTTPHelpers.json(encoding: RoleRepresentation(role))
    }

    func updateRole(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageClients)
        try await roles.update(realm, client: try await owner(realm, context), name: try context.parameters.require("role"),
                               try await AdminRequest.decode(RoleRepresentation.self, request), logger: context.logger)
        return AdminRequest.noContent
    }

    func deleteRole(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageClients)
        try await roles.delete(realm, client: try await owner(realm, context), name: try context.parameters.require("role"), logger: context.logger)
        return AdminRequest.noContent
    }
}
