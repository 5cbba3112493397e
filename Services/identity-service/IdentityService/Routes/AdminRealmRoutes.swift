import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// `/admin/realms` and per-realm settings, events and attack detection.
struct AdminRealmRoutes {
    let admin: AdminRequest
    let realms: RealmAdmin

    func register(on router: some RouterMethods<ServiceRequestContext>) {
        router.get("admin/realms", use: list)
        router.post("admin/realms", use: create)
        router.get("admin/realms/:realm", use: get)
        router.put("admin/realms/:realm", use: update)
        router.delete("admin/realms/:realm", use: delete)
        router.get("admin/realms/:realm/events", use: events)
        router.get("admin/realms/:realm/attack-detection/brute-force/users/:id", use: bruteForceStatus)
        router.delete("admin/realms/:realm/attack-detection/brute-force/users/:id", use: clearBruteForceUser)
        router.delete("admin/realms/:realm/attack-detection/brute-force/users", use: clearBruteForce)
    }

    func list(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await admin.global(request, context)
        var result: [[String: Any]] = []
        for realm in try await realms.stores.realms.realms(logger: context.logger) {
            result.append(try await realms.representation(realm, logger: context.logger))
        }
        return try HTTPHelpers.json(result)
    }

    func create(request: Request, context: ServiceRequestContext) async throws -> Response {
        try await admin.global(request, context)
        let name = try await realms.create(try await AdminRequest.body(request), logger: context.logger)
        return AdminRequest.created(request, id: name)
    }

    func get(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewRealm)
        return try HTTPHelpers.json(try await realms.representation(realm, logger: context.logger))
    }

    func update(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageRealm)
        guard let json = try JSONSerialization.jsonObject(with: try await AdminRequest.body(request)) as? [String: Any] else {
            throw IdentityError(.invalidRequest, "Invalid JSON")
        }
        try await realms.update(realm, json: json, logger: context.logger)
        return AdminRequest.noContent
    }

    func delete(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .global)
        try await realms.delete(realm, logger: context.logger)
        return AdminRequest.noContent
    }

    func events(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewEvents)
        let (first, max) = AdminRequest.paging(request)
        let types = request.uri.queryParameters.getAll("type").map { String($0) }
        return try HTTPHelpers.json(try await realms.events(realm, types: types, first: first, max: max, logger: context.logger))
    }

    func bruteForceStatus(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        return try HTTPHelpers.json(try await realms.bruteForceStatus(realm, userID: try context.parameters.require("id"), logger: context.logger))
    }

    func clearBruteForceUser(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await realms.clearBruteForce(realm, userID: try context.parameters.require("id"), logger: context.logger)
        return AdminRequest.noContent
    }

    func clearBruteForce(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        try await realms.clearBruteForce(realm, userID: nil, logger: context.logger)
        return AdminRequest.noContent
    }
}
