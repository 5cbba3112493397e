import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// A realm's active sessions (with sign-out) and its events (login and admin events, filterable).
struct ConsoleActivityPages: Sendable {
    let flows: IdentityFlows

    /// Event types offered in the filter.
    static let eventTypes = ["LOGIN", "LOGIN_ERROR", "LOGOUT", "CODE_TO_TOKEN", "CODE_TO_TOKEN_ERROR", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR",
                             "CLIENT_LOGIN", "UPDATE_PASSWORD", "UPDATE_PROFILE", "CUSTOM_REQUIRED_ACTION", "CUSTOM_REQUIRED_ACTION_ERROR", "ADMIN_CREATE", "ADMIN_UPDATE", "ADMIN_DELETE", "ADMIN_ACTION"]

    func register(on router: some RouterMethods<ServiceRequestContext>, console: ConsoleRoutes, base: String) {
        router.get("\(base)/sessions", use: console.page(.viewUsers, section: "sessions", sessions))
        router.post("\(base)/sessions", use: console.page(.viewUsers, section: "sessions", signOut))
        router.get("\(base)/events", use: console.page(.viewEvents, section: "events", events))
    }

    func sessions(_ page: ConsolePage) async throws -> ConsoleResult {
        var seen: [UUID: (session: SSOSession, clients: [String])] = [:]
        for client in try await flows.stores.clients.clients(realmID: page.realm.id, clientID: nil, first: 0, max: 1000, logger: page.logger) {
            for session in try await flows.stores.sessions.sessions(clientID: client.id, first: 0, max: 1000, logger: page.logger)
            where session.isActive(page.realm.settings, now: Date()) {
                seen[session.id, default: (session, [])].clients.append(client.clientID)
            }
        }
        var rows: [[String: Any]] = []
        for (session, clients) in seen.values.sorted(by: { $0.session.lastRefresh > $1.session.lastRefresh }).prefix(500) {
            let user = try await flows.stores.users.user(realmID: page.realm.id, id: session.userID, logger: page.logger)
            rows.append(["id": session.id.uuidString.lowercased(), "userId": session.userID.uuidString.lowercased(), "username": user?.username ?? "—",
                         "started": ConsoleFormat.time(session.authTime), "lastAccess": ConsoleFormat.time(session.lastRefresh),
                         "clients": clients.sorted().joined(separator: ", ")])
        }
        return .page("sessions", title: "Sessions", section: "sessions", values: ["sessions": rows, "empty": rows.isEmpty])
    }

    func signOut(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        guard let id = UUID(uuidString: page.field("session")), let session = try await flows.stores.sessions.session(id: id, logger: page.logger),
              session.realmID == page.realm.id
        else { throw IdentityError(.notFound, "Session not found") }
        try await LogoutFlow(stores: flows.stores, keys: flows.keys, issuer: flows.issuer, events: flows.events)
            .end(realm: page.realm, sessionID: id, ipAddress: HTTPHelpers.clientAddress(page.request), logger: page.logger)
        await UserAdmin(flows: flows).adminEvent(page.realm, "DELETE", "sessions/\(id.uuidString.lowercased())", logger: page.logger)
        return .redirect("\(page.realmBase)/sessions", notice: "signedout")
    }

    func events(_ page: ConsolePage) async throws -> ConsoleResult {
        let (first, max) = page.paging
        let type = page.field("type")
        let types = type == "ADMIN" ? Self.eventTypes.filter { $0.hasPrefix("ADMIN_") } : Self.eventTypes.contains(type) ? [type] : []
        let clientFilter = page.field("client")
        let userFilter = page.field("user").lowercased()
        var userID: UUID?
        if !userFilter.isEmpty {
            userID = UUID(uuidString: userFilter)
            if userID == nil {
                userID = try await flows.stores.users.user(realmID: page.realm.id, usernameOrEmail: userFilter, orEmail: true, logger: page.logger)?.id
                    ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
            }
        }
        let fetched = try await flows.stores.events.events(realmID: page.realm.id, types: types, first: 0, max: 5000, logger: page.logger)
        let matching = fetched.filter { event in
            (clientFilter.isEmpty || event.clientID == clientFilter) && (userID == nil || event.userID == userID)
        }
        var names: [UUID: String] = [:]
        var rows: [[String: Any]] = []
        for event in matching.dropFirst(first).prefix(max) {
            var username = ""
            if let id = event.userID {
                if names[id] == nil { names[id] = try await flows.stores.users.user(realmID: page.realm.id, id: id, logger: page.logger)?.username ?? id.uuidString.lowercased() }
                username = names[id] ?? ""
            }
            rows.append(["time": ConsoleFormat.time(event.time), "type": event.type, "client": event.clientID ?? "", "user": username,
                         "ip": event.ipAddress ?? "", "error": event.error ?? "", "isError": event.error != nil,
                         "details": event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")])
        }
        var extra = ""
        for (key, value) in [("type", type), ("client", clientFilter), ("user", page.field("user"))] where !value.isEmpty {
            extra += "&\(key)=\(ConsoleURL.query(value))"
        }
        let choices = (["ADMIN"] + Self.eventTypes).map { ["name": $0, "label": $0 == "ADMIN" ? "All admin events" : $0, "selected": $0 == type] }
        var values: [String: Any] = ["events": rows, "empty": rows.isEmpty, "types": choices, "client": clientFilter, "user": page.field("user"),
                                     "eventsEnabled": page.realm.settings.eventsEnabled]
        values["paging"] = ConsoleFormat.paging(first: first, max: max, shown: rows.count, hasMore: matching.count > first + max, extra: extra)
        return .page("events", title: "Events", section: "events", values: values)
    }
}
