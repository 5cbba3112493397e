import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// Session administration: `DELETE /admin/realms/{realm}/sessions/{session}` (end one SSO
/// session) and `GET /admin/realms/{realm}/clients/{id}/user-sessions` (sessions in which a
/// client holds tokens), with Keycloak's UserSessionRepresentation.
struct AdminSessionRoutes {
    let admin: AdminRequest
    let clients: ClientAdmin
    let flows: IdentityFlows

    func register(on router: some RouterMethods<ServiceRequestContext>) {
        router.delete("admin/realms/:realm/sessions/:session", use: delete)
        router.get("admin/realms/:realm/clients/:id/user-sessions", use: clientSessions)
    }

    func delete(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        guard let id = UUID(uuidString: try context.parameters.require("session")),
              let session = try await flows.stores.sessions.session(id: id, logger: context.logger), session.realmID == realm.id
        else { throw IdentityError(.notFound, "Session not found") }
        try await flows.stores.sessions.delete(id: session.id, logger: context.logger)
        await UserAdmin(flows: flows).adminEvent(realm, "DELETE", "sessions/\(id.uuidString.lowercased())", logger: context.logger)
        return AdminRequest.noContent
    }

    func clientSessions(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewClients)
        let client = try await clients.client(realm, id: try context.parameters.require("id"), logger: context.logger)
        let (first, max) = AdminRequest.paging(request)
        var result: [[String: Any]] = []
        for session in try await flows.stores.sessions.sessions(clientID: client.id, first: first, max: max, logger: context.logger) {
            let user = try await flows.stores.users.user(realmID: realm.id, id: session.userID, logger: context.logger)
            result.append(["id": session.id.uuidString.lowercased(), "username": user?.username ?? "",
                           "userId": session.userID.uuidString.lowercased(),
                           "start": Int(session.authTime.timeIntervalSince1970 * 1000),
                           "lastAccess": Int(session.lastRefresh.timeIntervalSince1970 * 1000),
                           "clients": [client.id.uuidString.lowercased(): client.clientID]])
        }
        return try HTTPHelpers.json(result)
    }
}
