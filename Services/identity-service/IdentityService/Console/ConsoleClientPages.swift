import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// Clients: list, create, settings, credentials (show and regenerate the secret), client
/// roles and delete — through ``ClientAdmin`` and ``RoleAdmin``.
struct ConsoleClientPages: Sendable {
    let flows: IdentityFlows
    var clients: ClientAdmin { ClientAdmin(flows: flows) }
    var roles: RoleAdmin { RoleAdmin(flows: flows) }

    func register(on router: some RouterMethods<ServiceRequestContext>, console: ConsoleRoutes) {
        let base = "admin/console/realms/:realm/clients"
        router.get("\(base)", use: console.page(.viewClients, section: "clients", list))
        router.get("\(base)/add", use: console.page(.viewClients, section: "clients", addForm))
        router.post("\(base)/add", use: console.page(.viewClients, section: "clients", add))
        router.get("\(base)/:id", use: console.page(.viewClients, section: "clients", settings))
        router.post("\(base)/:id", use: console.page(.viewClients, section: "clients", save))
        router.get("\(base)/:id/credentials", use: console.page(.viewClients, section: "clients", credentials))
        router.post("\(base)/:id/credentials", use: console.page(.viewClients, section: "clients", regenerate))
        router.get("\(base)/:id/roles", use: console.page(.viewClients, section: "clients", roleList))
        router.post("\(base)/:id/roles", use: console.page(.viewClients, section: "clients", addRole))
        router.post("\(base)/:id/roles/delete", use: console.page(.viewClients, section: "clients", deleteRole))
        router.get("\(base)/:id/delete", use: console.page(.viewClients, section: "clients", confirmDelete))
        router.post("\(base)/:id/delete", use: console.page(.viewClients, section: "clients", delete))
    }

    func list(_ page: ConsolePage) async throws -> ConsoleResult {
        let search = page.field("search").lowercased()
        let all = try await flows.stores.clients.clients(realmID: page.realm.id, clientID: nil, first: 0, max: 1000, logger: page.logger)
        let rows: [[String: Any]] = all.filter { search.isEmpty || $0.clientID.lowercased().contains(search) || ($0.name ?? "").lowercased().contains(search) }
            .map { ["id": $0.id.uuidString.lowercased(), "clientId": $0.clientID, "name": $0.name ?? "", "enabled": $0.enabled,
                    "type": $0.bearerOnly ? "bearer-only" : $0.publicClient ? "public" : "confidential", "rootUrl": $0.rootURL ?? ""] }
        return .page("clients", title: "Clients", section: "clients", values: ["clients": rows, "search": search, "empty": rows.isEmpty])
    }

    func addForm(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageClients)
        var client = Client(realmID: page.realm.id, clientID: "")
        client.attributes["pkce.code.challenge.method"] = "S256"
        client.publicClient = true
        return .page("client-settings", title: "Create client", section: "clients", values: Self.values(client, isNew: true))
    }

    func add(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageClients)
        let representation = Self.representation(page)
        do {
            let client = try await clients.create(page.realm, representation, logger: page.logger)
            return .redirect("\(page.realmBase)/clients/\(client.id.uuidString.lowercased())", notice: "created")
        } catch let error as IdentityError where error.code != .forbidden {
            var client = Client(realmID: page.realm.id, clientID: "")
            try? representation.apply(to: &client)
            client.clientID = representation.clientId ?? ""
            var values = Self.values(client, isNew: true)
            values["error"] = error.reason
            return .page("client-settings", title: "Create client", section: "clients", values: values, status: error.status)
        }
    }

    func settings(_ page: ConsolePage) async throws -> ConsoleResult {
        let client = try await clients.client(page.realm, id: try page.parameter("id"), logger: page.logger)
        var values = Self.values(client, isNew: false)
        values.merge(tabs(page, client, tab: "settings")) { _, new in new }
        return .page("client-settings", title: client.clientID, section: "clients", values: values)
    }

    func save(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageClients)
        let id = try page.parameter("id")
        let representation = Self.representation(page)
        do {
            try await clients.update(page.realm, id: id, representation, logger: page.logger)
            return .redirect("\(page.realmBase)/clients/\(id)", notice: "saved")
        } catch let error as IdentityError where error.code == .invalidRequest || error.code == .conflict {
            var client = try await clients.client(page.realm, id: id, logger: page.logger)
            try? representation.apply(to: &client)
            var values = Self.values(client, isNew: false)
            values.merge(tabs(page, client, tab: "settings")) { _, new in new }
            values["error"] = error.reason
            return .page("client-settings", title: client.clientID, section: "clients", values: values, status: error.status)
        }
    }

    func credentials(_ page: ConsolePage) async throws -> ConsoleResult {
        let client = try await clients.client(page.realm, id: try page.parameter("id"), logger: page.logger)
        var values = tabs(page, client, tab: "credentials")
        values["confidential"] = client.isConfidential
        values["secret"] = try await clients.secret(page.realm, id: client.id.uuidString.lowercased(), logger: page.logger)["value"] ?? ""
        return .page("client-credentials", title: client.clientID, section: "clients", values: values)
    }

    func regenerate(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageClients)
        let id = try page.parameter("id")
        _ = try await clients.regenerateSecret(page.realm, id: id, logger: page.logger)
        return .redirect("\(page.realmBase)/clients/\(id)/credentials", notice: "secret")
    }

    func roleList(_ page: ConsolePage) async throws -> ConsoleResult {
        let client = try await clients.client(page.realm, id: try page.parameter("id"), logger: page.logger)
        var values = tabs(page, client, tab: "roles")
        values["roles"] = try await roles.list(page.realm, client: client.id, search: nil, first: 0, max: 1000, logger: page.logger)
            .map { ["name": $0.name ?? "", "description": $0.description ?? "", "composite": $0.composite ?? false] }
        return .page("client-roles", title: client.clientID, section: "clients", values: values)
    }

    func addRole(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageClients)
        let client = try await clients.client(page.realm, id: try page.parameter("id"), logger: page.logger)
        let name = page.field("name")
        guard !name.isEmpty else { throw IdentityError(.invalidRequest, "Please specify a role name.") }
        _ = try await roles.create(page.realm, client: client.id, RoleRepresentation(name: name, description: page.field("description")), logger: page.logger)
        return .redirect("\(page.realmBase)/clients/\(client.id.uuidString.lowercased())/roles", notice: "created")
    }

    func deleteRole(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageClients)
        let client = try await clients.client(page.realm, id: try page.parameter("id"), logger: page.logger)
        try await roles.delete(page.realm, client: client.id, name: page.field("name"), logger: page.logger)
        return .redirect("\(page.realmBase)/clients/\(client.id.uuidString.lowercased())/roles", notice: "deleted")
    }

    func confirmDelete(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageClients)
        let client = try await clients.client(page.realm, id: try page.parameter("id"), logger: page.logger)
        let path = "\(page.realmBase)/clients/\(client.id.uuidString.lowercased())"
        return .page("confirm", title: "Delete client", section: "clients", values: [
            "question": "Delete client \u{201C}\(client.clientID)\u{201D}? Applications using it stop working.", "action": "\(path)/delete",
            "cancel": path, "confirmLabel": "Delete",
        ])
    }

    func delete(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageClients)
        try await clients.delete(page.realm, id: try page.parameter("id"), logger: page.logger)
        return .redirect("\(page.realmBase)/clients", notice: "deleted")
    }

    private func tabs(_ page: ConsolePage, _ client: Client, tab: String) -> [String: Any] {
        ["clientBase": "\(page.realmBase)/clients/\(client.id.uuidString.lowercased())", "clientName": client.clientID, "tab_\(tab)": true,
         "confidential": client.isConfidential]
    }

    /// The settings form's values.
    static func values(_ client: Client, isNew: Bool) -> [String: Any] {
        let postLogout = client.attributes["post.logout.redirect.uris"] ?? ""
        let pkce = client.attributes["pkce.code.challenge.method"] ?? ""
        return ["isNew": isNew, "clientId": client.clientID, "name": client.name ?? "", "description": client.description ?? "",
                "enabled": client.enabled, "accessPublic": client.publicClient && !client.bearerOnly, "accessConfidential": client.isConfidential,
                "accessBearer": client.bearerOnly, "standardFlowEnabled": client.standardFlowEnabled,
                "directAccessGrantsEnabled": client.directAccessGrantsEnabled, "serviceAccountsEnabled": client.serviceAccountsEnabled,
                "rootUrl": client.rootURL ?? "", "baseUrl": client.baseURL ?? "",
                "redirectUris": client.redirectURIs.joined(separator: "\n"), "webOrigins": client.webOrigins.joined(separator: "\n"),
                "postLogoutRedirectUris": postLogout.split(separator: "##").joined(separator: "\n"),
                "pkceNone": pkce.isEmpty, "pkceS256": pkce == "S256"]
    }

    /// The client representation posted by the settings form (every field present, as the form shows them all).
    static func representation(_ page: ConsolePage) -> ClientRepresentation {
        var representation = ClientRepresentation()
        let clientID = page.field("clientId")
        representation.clientId = clientID.isEmpty ? nil : clientID
        representation.name = page.field("name")
        representation.description = page.field("description", limit: 1000)
        representation.enabled = page.flag("enabled")
        let access = page.form["access"] ?? "public"
        representation.publicClient = access == "public"
        representation.bearerOnly = access == "bearer-only"
        representation.standardFlowEnabled = page.flag("standardFlowEnabled")
        representation.directAccessGrantsEnabled = page.flag("directAccessGrantsEnabled")
        representation.serviceAccountsEnabled = access == "confidential" && page.flag("serviceAccountsEnabled")
        representation.rootUrl = page.field("rootUrl", limit: 2048)
        representation.baseUrl = page.field("baseUrl", limit: 2048)
        representation.redirectUris = ConsoleFormat.lines(page.form["redirectUris"] ?? "")
        representation.webOrigins = ConsoleFormat.lines(page.form["webOrigins"] ?? "")
        representation.attributes = [
            "post.logout.redirect.uris": ConsoleFormat.lines(page.form["postLogoutRedirectUris"] ?? "").joined(separator: "##"),
            "pkce.code.challenge.method": page.form["pkce"] == "S256" ? "S256" : "",
        ]
        return representation
    }
}
