import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// `/admin/realms/{realm}/groups…`: groups, subgroups, members and group role mappings.
struct AdminGroupRoutes {
    let admin: AdminRequest
    let groups: GroupAdmin
    let mappings: RoleMappingAdmin

    func register(on router: some RouterMethods<ServiceRequestContext>) {
        let base = "admin/realms/:realm/groups"
        router.get("\(base)", use: list)
        router.post("\(base)", use: create)
        router.get("\(base)/:id", use: get)
        router.put("\(base)/:id", use: update)
        router.delete("\(base)/:id", use: delete)
        router.post("\(base)/:id/children", use: createChild)
        router.get("\(base)/:id/members", use: members)
        router.get("\(base)/:id/role-mappings/realm", use: realmMappings)
        router.post("\(base)/:id/role-mappings/realm", use: addRealmMappings)
        router.delete("\(base)/:id/role-mappings/realm", use: removeRealmMappings)
        router.get("\(base)/:id/role-mappings", use: allMappings)
        router.get("\(base)/:id/role-mappings/clients/:client", use: clientMappings)
        router.post("\(base)/:id/role-mappings/clients/:client", use: { try await change($0, $1, grant: true, roleClient: true) })
        router.delete("\(base)/:id/role-mappings/clients/:client", use: { try await change($0, $1, grant: false, roleClient: true) })
        router.get("\(base)/:id/children", use: children)
        router.get("admin/realms/:realm/group-by-path/**", use: byPath)
    }

    /// `GET /groups/{id}/children` (first, max): direct subgroups.
    func children(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let group = try await groups.group(realm, id: try context.parameters.require("id"), logger: context.logger)
        let (first, max) = AdminRequest.paging(request)
        return try HTTPHelpers.json(encoding: try await groups.children(of: group, first: first, max: max, logger: context.logger))
    }

    /// `GET /group-by-path/{path}`: the group at `/parent/child`.
    func byPath(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let path = context.parameters.getCatchAll().joined(separator: "/")
        let group = try await groups.group(realm, path: path.removingPercentEncoding ?? path, logger: context.logger)
        return try HTTPHelpers.json(encoding: try await groups.representation(group, logger: context.logger))
    }

    /// `GET /groups/{id}/role-mappings`: realm and client mappings.
    func allMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let group = try await groups.group(realm, id: try context.parameters.require("id"), logger: context.logger)
        return try HTTPHelpers.json(try await mappings.all(realm, owner: .group(group.id), logger: context.logger))
    }

    /// `GET /groups/{id}/role-mappings/clients/{client}`.
    func clientMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let group = try await groups.group(realm, id: try context.parameters.require("id"), logger: context.logger)
        let client = try await ClientAdmin(flows: mappings.flows).client(realm, id: try context.parameters.require("client"), logger: context.logger)
        return try HTTPHelpers.json(encoding: try await mappings.mapped(.group(group.id), client: client.id, logger: context.logger))
    }

    func list(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let (first, max) = AdminRequest.paging(request)
        return try HTTPHelpers.json(encoding: try await groups.list(realm, search: request.uri.queryParameters.get("search"), first: first, max: max,
                                                                   logger: context.logger))
    }

    func create(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        let group = try await groups.create(realm, parent: nil, try await AdminRequest.decode(GroupRepresentation.self, request), logger: context.logger)
        return AdminRequest.created(request, id: group.id.uuidString.lowercased())
    }

    func createChild(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        let group = try await groups.create(realm, parent: try context.parameters.require("id"),
                                            try await AdminRequest.decode(GroupRepresentation.self, request), logger: context.logger)
        return AdminRequest.created(request, id: group.id.uuidString.lowercased())
    }

    func get(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let group = try await groups.group(realm, id: try context.parameters.require("id"), logger: context.logger)
        var representation = try await groups.representation(group, logger: context.logger)
        let owner = RoleOwner.group(group.id)
        representation.realmRoles = try await mappings.mapped(owner, client: nil, logger: context.logger).compactMap(\.name)
        return try HTTPHelpers.json(encoding: representation)
    }

    func update(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await groups.update(realm, id: try context.parameters.require("id"), try await AdminRequest.decode(GroupRepresentation.self, request),
                                logger: context.logger)
        return AdminRequest.noContent
    }

    func delete(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await groups.delete(realm, id: try context.parameters.require("id"), logger: context.logger)
        return AdminRequest.noContent
    }

    func members(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let (first, max) = AdminRequest.paging(request)
        return try HTTPHelpers.json(encoding: try await groups.members(realm, id: try context.parameters.require("id"), first: first, max: max,
                                                                      logger: context.logger))
    }

    func realmMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let group = try await groups.group(realm, id: try context.parameters.require("id"), logger: context.logger)
        return try HTTPHelpers.json(encoding: try await mappings.mapped(.group(group.id), client: nil, logger: context.logger))
    }

    func addRealmMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await change(request, context, grant: true)
    }

    func removeRealmMappings(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await change(request, context, grant: false)
    }

    private func change(_ request: Request, _ context: ServiceRequestContext, grant: Bool, roleClient: Bool = false) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        let group = try await groups.group(realm, id: try context.parameters.require("id"), logger: context.logger)
        var client: UUID?
        if roleClient {
            client = try await ClientAdmin(flows: mappings.flows).client(realm, id: try context.parameters.require("client"), logger: context.logger).id
        }
        try await mappings.change(realm, owner: .group(group.id), client: client, roles: try await AdminRequest.decode([RoleRepresentation].self, request),
                                  grant: grant, logger: context.logger)
        return AdminRequest.noContent
    }
}
