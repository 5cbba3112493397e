import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// The account page of every realm at `/realms/{realm}/account`: personal info, password
/// (current password required) and sessions ("sign out everywhere"). Sign-in is the realm's
/// own login through the `account-console` client (code + PKCE), like any application.
struct AccountRoutes: Sendable {
    let flows: IdentityFlows
    let renderer: ConsoleRenderer
    let pages: PageResponder
    let clients: ConsoleClients

    var account: AccountFlow { AccountFlow(flows: flows) }

    func session(_ realm: Realm) -> ConsoleSession {
        ConsoleSession(flows: flows, clientID: ConsoleClients.accountConsole, cookieName: "TESSERA_ACCOUNT_" + PageResponder.identityCookieName(realm).dropFirst("TESSERA_IDENTITY_".count))
    }

    /// One signed-in account request.
    struct Visit {
        var request: Request
        var realm: Realm
        var signedIn: ConsoleSession.SignedIn
        var base: String
        var csrf: String
        var form: [String: String]
    }

    typealias Handler = @Sendable (Visit, ServiceRequestContext) async throws -> ConsoleResult

    func register(on router: some RouterMethods<ServiceRequestContext>) {
        router.get("realms/:realm/account", use: visit("profile", profile))
        router.post("realms/:realm/account", use: visit("profile", saveProfile))
        router.get("realms/:realm/account/password", use: visit("password", password))
        router.post("realms/:realm/account/password", use: visit("password", changePassword))
        router.get("realms/:realm/account/sessions", use: visit("sessions", sessions))
        router.post("realms/:realm/account/sessions", use: visit("sessions", signOut))
        router.get("realms/:realm/account/callback", use: callback)
    }

    private func base(_ request: Request, _ realm: Realm) -> String { "\(ConsoleURL.prefix(request))/realms/\(ConsoleURL.segment(realm.name))/account" }
    private func callbackPath(_ realm: Realm) -> String { "/realms/\(ConsoleURL.segment(realm.name))/account/callback" }

    func callback(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        let signIn = ConsoleSignIn(flows: flows, session: session(realm))
        var response: Response
        switch await signIn.finish(request, realm: realm, callbackPath: callbackPath(realm), logger: context.logger) {
        case .failed(let message):
            response = renderer.html("message", ["title": "Sign-in failed", "message": message, "layout": "bare", "retry": base(request, realm), "base": ConsoleURL.prefix(request) + "/admin/console",
                                                 "theme": theme(realm)], status: .badRequest)
            response.applyBrowserSecurityHeaders(realm.settings.browserSecurityHeaders)
        case .signedIn(let tokens, let returnTo):
            response = ConsoleURL.redirect(returnTo.hasPrefix(base(request, realm)) ? returnTo : base(request, realm))
            session(realm).store(tokens, secure: pages.secure(realm), in: &response)
        }
        signIn.clearFlow(secure: pages.secure(realm), in: &response)
        return response
    }

    private func theme(_ realm: Realm) -> String { realm.settings.loginTheme == "ohif" ? "ohif" : "default" }

    /// Wraps a handler: realm, sign-in (or start it), CSRF, layout, the realm's security headers.
    func visit(_ section: String, _ handler: @escaping Handler) -> @Sendable (Request, ServiceRequestContext) async throws -> Response {
        { request, context in
            let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
            let session = session(realm)
            guard let signedIn = await session.current(request, realmName: realm.name, logger: context.logger) else {
                try await clients.ensureAccountConsole(in: realm, logger: context.logger)
                let returnTo = request.method == .get ? request.uri.path : base(request, realm)
                return ConsoleSignIn(flows: flows, session: session).start(request, realm: realm, callbackPath: callbackPath(realm),
                                                                            returnTo: returnTo, secure: pages.secure(realm))
            }
            let csrf = pages.csrfToken(request)
            let base = base(request, realm)
            var values: [String: Any] = ["layout": "account-layout", "theme": theme(realm), "accountBase": base, "base": ConsoleURL.prefix(request) + "/admin/console", "csrfToken": csrf.token,
                                         "realmName": realm.displayName ?? realm.name, "username": signedIn.user.username, "section_\(section)": true]
            var response: Response
            do {
                var form: [String: String] = [:]
                if request.method == .post {
                    guard let posted = try? await HTTPHelpers.form(request), pages.csrfValid(request, form: posted) else {
                        throw IdentityError(.invalidRequest, "The form expired. Please try again.")
                    }
                    form = posted
                } else if let notice = request.uri.queryParameters.get("notice").flatMap({ AccountNotice.texts[$0] }) {
                    values["notice"] = notice
                }
                let visit = Visit(request: request, realm: realm, signedIn: signedIn, base: base, csrf: csrf.token, form: form)
                switch try await handler(visit, context) {
                case .page(let template, let title, _, let pageValues, let status):
                    values.merge(pageValues) { _, new in new }
                    values["title"] = title
                    response = renderer.html(template, values, status: status)
                case .redirect(let location, let notice):
                    response = ConsoleURL.redirect(location + (notice.map { "?notice=\($0)" } ?? ""))
                case .response(let ready):
                    response = ready
                }
            } catch let error as IdentityError {
                values["title"] = "Something went wrong"
                values["message"] = error.reason
                response = renderer.html("message", values, status: error.status)
            }
            if let renewed = signedIn.renewed { session.store(renewed, secure: pages.secure(realm), in: &response) }
            response.applyBrowserSecurityHeaders(realm.settings.browserSecurityHeaders)
            return pages.withCSRF(response, token: csrf, realm: realm)
        }
    }

    func profile(_ visit: Visit, _ context: ServiceRequestContext) async throws -> ConsoleResult {
        .page("account-profile", title: "Personal info", section: "profile", values: profileValues(visit.signedIn.user))
    }

    private func profileValues(_ user: User) -> [String: Any] {
        ["firstName": user.firstName ?? "", "lastName": user.lastName ?? "", "email": user.email ?? "", "emailVerified": user.emailVerified,
         "accountUsername": user.username]
    }

    func saveProfile(_ visit: Visit, _ context: ServiceRequestContext) async throws -> ConsoleResult {
        let field = { (name: String) in String((visit.form[name] ?? "").trimmingCharacters(in: .whitespaces).prefix(255)) }
        do {
            _ = try await account.updateProfile(visit.realm, user: visit.signedIn.user, firstName: field("firstName"), lastName: field("lastName"),
                                                email: field("email"), logger: context.logger)
            return .redirect(visit.base, notice: "saved")
        } catch let refusal as AccountFlow.Refusal {
            var values = profileValues(visit.signedIn.user)
            values["firstName"] = field("firstName")
            values["lastName"] = field("lastName")
            values["email"] = field("email")
            values["error"] = refusal.message
            return .page("account-profile", title: "Personal info", section: "profile", values: values, status: .badRequest)
        }
    }

    func password(_ visit: Visit, _ context: ServiceRequestContext) async throws -> ConsoleResult {
        .page("account-password", title: "Password", section: "password", values: ["signOutOthers": true])
    }

    func changePassword(_ visit: Visit, _ context: ServiceRequestContext) async throws -> ConsoleResult {
        let signOutOthers = visit.form["signOutOthers"] == "on"
        do {
            try await account.changePassword(visit.realm, user: visit.signedIn.user, current: String((visit.form["password"] ?? "").prefix(1024)),
                                              new: String((visit.form["password-new"] ?? "").prefix(1024)),
                                              confirmation: String((visit.form["password-confirm"] ?? "").prefix(1024)),
                                              keepSession: signOutOthers ? visit.signedIn.session.id : nil,
                                              ipAddress: HTTPHelpers.clientAddress(visit.request), logger: context.logger)
            return .redirect("\(visit.base)/password", notice: "password")
        } catch let refusal as AccountFlow.Refusal {
            return .page("account-password", title: "Password", section: "password", values: ["error": refusal.message, "signOutOthers": signOutOthers],
                         status: .badRequest)
        }
    }

    func sessions(_ visit: Visit, _ context: ServiceRequestContext) async throws -> ConsoleResult {
        let all = try await flows.stores.sessions.sessions(userID: visit.signedIn.user.id, logger: context.logger)
            .filter { $0.isActive(visit.realm.settings, now: Date()) }
        let rows: [[String: Any]] = all.map {
            ["id": $0.id.uuidString.lowercased(), "started": ConsoleFormat.time($0.authTime), "lastAccess": ConsoleFormat.time($0.lastRefresh),
             "current": $0.id == visit.signedIn.session.id]
        }
        return .page("account-sessions", title: "Sessions", section: "sessions", values: ["sessions": rows, "others": all.count > 1])
    }

    func signOut(_ visit: Visit, _ context: ServiceRequestContext) async throws -> ConsoleResult {
        let user = visit.signedIn.user
        let address = HTTPHelpers.clientAddress(visit.request)
        switch visit.form["scope"] {
        case "everywhere":
            try await account.signOut(visit.realm, user: user, except: nil, ipAddress: address, logger: context.logger)
            var response = ConsoleURL.redirect(visit.base)
            session(visit.realm).clear(secure: pages.secure(visit.realm), in: &response)
            return .response(pages.clearingIdentity(response, realm: visit.realm))
        case "others":
            try await account.signOut(visit.realm, user: user, except: visit.signedIn.session.id, ipAddress: address, logger: context.logger)
        default:
            guard let id = UUID(uuidString: visit.form["session"] ?? "") else { throw IdentityError(.invalidRequest, "No session chosen.") }
            try await account.signOut(visit.realm, user: user, session: id, ipAddress: address, logger: context.logger)
        }
        return .redirect("\(visit.base)/sessions", notice: "signedout")
    }
}

/// Account-page notices, by key.
enum AccountNotice {
    static let texts = ["saved": "Your account has been updated.", "password": "Your password has been updated.",
                        "signedout": "The sessions have been signed out."]
}
