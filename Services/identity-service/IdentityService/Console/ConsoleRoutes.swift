import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// The admin console at `/admin/` (server-rendered pages over the admin API's operations).
/// Sign-in goes through a realm's login with the `security-admin-console` client (code +
/// PKCE); each page authorizes with the admin REST API's rule (``AdminGrants``), every form
/// carries the CSRF token, and changes go through the same admin operations (and events).
struct ConsoleRoutes: Sendable {
    let flows: IdentityFlows
    let renderer: ConsoleRenderer
    let pages: PageResponder
    let clients: ConsoleClients

    var session: ConsoleSession { ConsoleSession(flows: flows, clientID: ConsoleClients.adminConsole, cookieName: "TESSERA_CONSOLE") }
    var signIn: ConsoleSignIn { ConsoleSignIn(flows: flows, session: session) }

    /// A console page handler.
    typealias Handler = @Sendable (ConsolePage) async throws -> ConsoleResult

    /// Adds the console's routes.
    func register(on router: some RouterMethods<ServiceRequestContext>) {
        router.get("admin", use: entry)
        router.get("admin/console", use: entry)
        router.get("admin/:realm/console", use: keycloakEntry)
        router.get("admin/console/assets/:file", use: asset)
        router.get("admin/console/signin/:realm", use: start)
        router.get("admin/console/signin/:realm/callback", use: callback)
        router.post("admin/console/signout", use: signOut)
        router.get("admin/console/select-realm", use: selectRealm)
        ConsoleUserPages(flows: flows).register(on: router, console: self)
        ConsoleClientPages(flows: flows).register(on: router, console: self)
        ConsoleRolePages(flows: flows).register(on: router, console: self)
        ConsoleGroupPages(flows: flows).register(on: router, console: self)
        ConsoleRealmPages(flows: flows, themes: Array(pages.themes.libraries.keys)).register(on: router, console: self)
    }

    func base(_ request: Request) -> String { ConsoleURL.prefix(request) + "/admin/console" }

    func secure(_ realm: Realm) -> Bool { pages.secure(realm) }

    /// `/admin/`: the signed-in user's first realm, or the master realm's sign-in.
    func entry(request: Request, context: ServiceRequestContext) async throws -> Response {
        guard let signedIn = await session.current(request, logger: context.logger) else {
            return ConsoleURL.redirect("\(base(request))/signin/\(MasterRealmBootstrap.realmName)")
        }
        return withRenewal(ConsoleURL.redirect("\(base(request))/realms/\(ConsoleURL.segment(signedIn.realm.name))/users"), signedIn)
    }

    /// Keycloak's console address `/admin/{realm}/console/`: sign in to that realm (realm admins use their own realm).
    func keycloakEntry(request: Request, context: ServiceRequestContext) async throws -> Response {
        ConsoleURL.redirect("\(base(request))/signin/\(ConsoleURL.segment(try context.parameters.require("realm")))")
    }

    func asset(request: Request, context: ServiceRequestContext) async throws -> Response {
        guard let response = renderer.asset(try context.parameters.require("file")) else { throw IdentityError(.notFound, "not found") }
        return response
    }

    func start(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        try await clients.ensureAdminConsole(in: realm, logger: context.logger)
        let returnTo = request.uri.queryParameters.get("return") ?? "\(base(request))/realms/\(ConsoleURL.segment(realm.name))/users"
        return signIn.start(request, realm: realm, callbackPath: "/admin/console/signin/\(ConsoleURL.segment(realm.name))/callback",
                            returnTo: returnTo, secure: secure(realm))
    }

    func callback(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        let outcome = await signIn.finish(request, realm: realm, callbackPath: "/admin/console/signin/\(ConsoleURL.segment(realm.name))/callback",
                                          logger: context.logger)
        var response: Response
        switch outcome {
        case .failed(let message):
            response = renderer.html("message", ["title": "Sign-in failed", "message": message, "base": base(request), "layout": "bare",
                                                 "retry": "\(base(request))/signin/\(ConsoleURL.segment(realm.name))"], status: .badRequest)
            response.applyBrowserSecurityHeaders(realm.settings.browserSecurityHeaders)
        case .signedIn(let tokens, let returnTo):
            response = ConsoleURL.redirect(returnTo.hasPrefix(base(request) + "/") ? returnTo : base(request) + "/")
            session.store(tokens, secure: secure(realm), in: &response)
        }
        signIn.clearFlow(secure: secure(realm), in: &response)
        return response
    }

    /// Ends the console's SSO session (a LOGOUT event) and forgets its cookies.
    func signOut(request: Request, context: ServiceRequestContext) async throws -> Response {
        let form = (try? await HTTPHelpers.form(request)) ?? [:]
        guard pages.csrfValid(request, form: form) else { throw IdentityError(.invalidRequest, "Invalid CSRF token") }
        var response = ConsoleURL.redirect(base(request) + "/")
        if let signedIn = await session.current(request, logger: context.logger) {
            try await LogoutFlow(stores: flows.stores, keys: flows.keys, issuer: flows.issuer, events: flows.events)
                .end(realm: signedIn.realm, sessionID: signedIn.session.id, ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
            session.clear(secure: secure(signedIn.realm), in: &response)
            response = pages.clearingIdentity(response, realm: signedIn.realm)
        } else {
            session.clear(secure: false, in: &response)
        }
        return response
    }

    func selectRealm(request: Request, context: ServiceRequestContext) async throws -> Response {
        let name = String((request.uri.queryParameters.get("realm") ?? "").prefix(255))
        return ConsoleURL.redirect("\(base(request))/realms/\(ConsoleURL.segment(name))/users")
    }

    /// Wraps a page handler: sign-in, realm lookup, authorization, CSRF, errors, layout, and the
    /// browser security headers of the realm the console signed in to (Keycloak serves its
    /// console with the headers of the realm in `/admin/{realm}/console`).
    func page(_ permission: AdminPermission, section: String, maxBody: Int = HTTPHelpers.maximumBody,
              _ handler: @escaping Handler) -> @Sendable (Request, ServiceRequestContext) async throws -> Response {
        { request, context in
            let base = base(request)
            guard let signedIn = await session.current(request, logger: context.logger) else {
                let path = request.method == .get ? request.uri.path : base + "/"
                let returnTo = ConsoleURL.query(path + (request.method == .get && request.uri.query != nil ? "?\(request.uri.query!)" : ""))
                return ConsoleURL.redirect("\(base)/signin/\(MasterRealmBootstrap.realmName)?return=\(returnTo)")
            }
            let csrf = pages.csrfToken(request)
            var values = layoutValues(signedIn, base: base, csrf: csrf.token, section: section)
            let response: Response
            do {
                let realm = try await RealmAdmin(flows: flows).realm(named: try context.parameters.require("realm"), logger: context.logger)
                values["realm"] = realm.name
                values["realmBase"] = "\(base)/realms/\(ConsoleURL.segment(realm.name))"
                values["theme"] = realm.settings.loginTheme == "ohif" ? "ohif" : "default"
                values["realms"] = try await realmChoices(signedIn, selected: realm.name, logger: context.logger)
                for (key, needed) in [("navUsers", AdminPermission.viewUsers), ("navClients", .viewClients), ("navRealm", .viewRealm), ("navEvents", .viewEvents)] {
                    values[key] = signedIn.grants.allows(needed, in: realm.name)
                }
                guard signedIn.grants.allows(permission, in: realm.name) else { throw IdentityError(.forbidden, "You don't have access to this page.") }
                var form: [String: String]
                if request.method == .post {
                    guard let posted = try? await Self.form(request, limit: maxBody), pages.csrfValid(request, form: posted) else {
                        throw IdentityError(.invalidRequest, "The form expired. Please try again.")
                    }
                    form = posted
                } else {
                    form = (try? HTTPHelpers.query(request)) ?? [:]
                }
                if let notice = form["notice"].flatMap({ ConsoleNotice.texts[$0] }), request.method == .get { values["notice"] = notice }
                let page = ConsolePage(request: request, context: context, signedIn: signedIn, realm: realm, base: base, csrfToken: csrf.token, form: form)
                values["canManage"] = page.allows(permission.manage)
                values["readOnly"] = !page.allows(permission.manage)
                response = try await render(try await handler(page), values: values)
            } catch let error as IdentityError {
                values["title"] = error.code == .forbidden ? "Not allowed" : "Something went wrong"
                values["message"] = error.reason
                response = renderer.html("message", values, status: error.status)
            }
            var answer = withRenewal(response, signedIn)
            answer.applyBrowserSecurityHeaders(signedIn.realm.settings.browserSecurityHeaders)
            return pages.withCSRF(answer, token: csrf, realm: signedIn.realm)
        }
    }

    /// An `application/x-www-form-urlencoded` body of at most `limit` bytes.
    static func form(_ request: Request, limit: Int) async throws -> [String: String] {
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw IdentityError(.invalidRequest, "Content-Type must be application/x-www-form-urlencoded")
        }
        let buffer = try await request.body.collect(upTo: limit)
        return try FormDecoding.parameters(String(buffer: buffer))
    }

    private func render(_ result: ConsoleResult, values: [String: Any]) async throws -> Response {
        switch result {
        case .page(let template, let title, let section, let pageValues, let status):
            var all = values
            all.merge(pageValues) { _, new in new }
            all["title"] = title
            all["section_\(section)"] = true
            return renderer.html(template, all, status: status)
        case .redirect(let location, let notice):
            guard let notice else { return ConsoleURL.redirect(location) }
            return ConsoleURL.redirect(location + (location.contains("?") ? "&" : "?") + "notice=\(notice)")
        case .response(let response):
            return response
        }
    }

    private func withRenewal(_ response: Response, _ signedIn: ConsoleSession.SignedIn) -> Response {
        guard let renewed = signedIn.renewed else { return response }
        var response = response
        session.store(renewed, secure: secure(signedIn.realm), in: &response)
        return response
    }

    private func layoutValues(_ signedIn: ConsoleSession.SignedIn, base: String, csrf: String, section: String) -> [String: Any] {
        ["base": base, "csrfToken": csrf, "signedInUser": signedIn.user.username, "signInRealm": signedIn.realm.name,
         "isGlobalAdmin": signedIn.grants.isGlobalAdmin, "section_\(section)": true]
    }

    private func realmChoices(_ signedIn: ConsoleSession.SignedIn, selected: String, logger: Logger) async throws -> [[String: Any]] {
        let names = signedIn.grants.isGlobalAdmin ? try await flows.stores.realms.realms(logger: logger).map(\.name).sorted() : [signedIn.realm.name]
        return names.map { ["name": $0, "selected": $0 == selected] }
    }
}

extension AdminPermission {
    /// The manage permission that goes with a view permission.
    var manage: AdminPermission {
        switch self {
        case .viewUsers: .manageUsers
        case .viewClients: .manageClients
        case .viewRealm, .viewEvents: .manageRealm
        default: self
        }
    }
}
