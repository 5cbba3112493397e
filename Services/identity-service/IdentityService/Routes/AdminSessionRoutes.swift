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
        router.get("admin/realms/:realm/users/:id/offline-sessions/:client", use: offlineSessions)
        router.delete("admin/realms/:realm/users/:id/consents/:client", use: revokeOffline)
    }

    /// `GET /users/{id}/offline-sessions/{clientUuid}`: the user's offline sessions with that client.
    func offlineSessions(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .viewUsers)
        let user = try await UserAdmin(flows: flows).user(realm, id: try context.parameters.require("id"), logger: context.logger)
        let client = try await clients.client(realm, id: try context.parameters.require("client"), logger: context.logger)
        var result: [[String: Any]] = []
        for session in try await flows.stores.sessions.sessions(userID: user.id, logger: context.logger) where session.offline {
            let holders = try await flows.stores.sessions.sessions(clientID: client.id, first: 0, max: 1000, logger: context.logger)
            guard holders.contains(where: { $0.id == session.id }) else { continue }
            result.append(["id": session.id.uuidString.lowercased(), "username": user.username, "userId": user.id.uuidString.lowercased(),
                           "start": Int(session.authTime.timeIntervalSince1970 * 1000),
                           "lastAccess": Int(session.lastRefresh.timeIntervalSince1970 * 1000),
                           "clients": [client.id.uuidString.lowercased(): client.clientID]])
        }
        return try HTTPHelpers.json(result)
    }

    /// `DELETE /users/{id}/consents/{clientId}`: revokes the user's offline tokens for that client.
    func revokeOffline(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await admin.realm(request, context, .manageUsers)
        let user = try await UserAdmin(flows: flows).user(realm, id: try context.parameters.require("id"), logger: context.logger)
        let clientID = try context.parameters.require("client")
        guard let client = try await flows.stores.clients.client(realmID: realm.id, clientID: clientID, logger: context.logger) else {
            throw IdentityError(.notFound, "Client not found")
        }
        try await flows.stores.sessions.deleteOfflineSessions(userID: user.id, clientID: client.id, logger: context.logger)
        await UserAdmin(flows: flows).adminEvent(realm, "DELETE", "users/\(user.id.uuidString.lowercased())/consents/\(clientID)", logger: context.logger)
        return AdminRequest.noContent
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
