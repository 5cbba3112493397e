import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// `/admin/realms/{realm}/clients/{id}/scope-mappings…`: the roles a client without
/// `fullScopeAllowed` may put in its tokens (Keycloak's client scope mappings).
struct AdminScopeMappingRoutes {
    let admin: AdminRequest
    let clients: ClientAdmin
    let mappings: RoleMappingAdmin

    func register(on router: some RouterMethods<ServiceRequestContext>) {
        let base = "admin/realms/:realm/clients/:id/scope-mappings"
        router.get(RouterPath(base), use: all)
        router.get("\(base)/realm", use: { try await list($0, $1, roleClient: false) })
        router.post("\(base)/realm", use: { try await change($0, $1, roleClient: false, grant: true) })
        router.delete("\(base)/realm", use: { try await change($0, $1, roleClient: false, grant: false) })
        router.get("\(base)/clients/:client", use: { try await list($0, $1, roleClient: true) })
        router.post("\(base)/clients/:client", use: { try await change($0, $1, roleClient: true, grant: true) })
        router.delete("\(base)/clients/:client", use: { try await change($0, $1, roleClient: true, grant: false) })
    }

    /// The client whose scope is addressed and the owner of the roles (nil: realm roles).
    private func target(_ realm: Realm, _ context: ServiceRequestContext, roleClient: Bool) async throws -> (Client, UUID?) {
        let client = try await clients.client(realm, id: try context.parameters.require("id"), logger: context.logger)
        guard roleClient else { return (client, nil) }
        return (client, try await clients.client(realm, id: try context.parameters.require("client"), logger: context.logger).id)
    }

    func all(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        let client = try await clients.client(realm, id: try context.parameters.require("id"), logger: context.logger)
        return try HTTPHelpers.json(try await mappings.all(realm, owner: .clientScope(client.id), logger: context.logger))
    }

    func list(_ request: Request, _ context: ServiceRequestContext, roleClient: Bool) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        let (client, roleOwner) = try await target(realm, context, roleClient: roleClient)
        return try HTTPHelpers.json(encoding: try await mappings.mapped(.clientScope(client.id), client: roleOwner, logger: context.logger))
    }

    func change(_ request: Request, _ context: ServiceRequestContext, roleClient: Bool, grant: Bool) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageClients)
        let (client, roleOwner) = try await target(realm, context, roleClient: roleClient)
        try await mappings.change(realm, owner: .clientScope(client.id), client: roleOwner,
                                  roles: try await AdminRequest.decode([RoleRepresentation].self, request), grant: grant, logger: context.logger)
        return AdminRequest.noContent
    }
}
