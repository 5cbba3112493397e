import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// The browser endpoints: authorization (code flow), the login and update-password forms,
/// and the theme stylesheets.
struct LoginRoutes {
    let flows: IdentityFlows
    let authorization: AuthorizationFlow
    let validator: AuthorizationValidator
    let pages: PageResponder

    /// Relative path from `realms/R/protocol/openid-connect/*` to the service root.
    static let protocolToRoot = "../../../../"
    /// Relative path from `realms/R/login-actions/*` to the service root.
    static let actionsToRoot = "../../../"

    /// Adds the routes.
    func register(on router: some RouterMethods<ServiceRequestContext>) {
        router.get("realms/:realm/protocol/openid-connect/auth", use: authorize)
        router.post("realms/:realm/protocol/openid-connect/auth", use: authorize)
        router.post("realms/:realm/login-actions/authenticate", use: authenticate)
        router.post("realms/:realm/login-actions/update-password", use: updatePassword)
        router.get("resources/login/:theme/login.css", use: stylesheet)
    }

    /// RFC 6749 §4.1.1 / OIDC Core §3.1.2.1.
    func authorize(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        let root = Self.protocolToRoot
        if HTTPHelpers.sslRefused(realm, request, context: context) { return pages.errorPage("HTTPS required", realm: realm, toRoot: root, status: .forbidden) }
        let parameters: [String: String]
        do { parameters = try await HTTPHelpers.form(request) } catch { return pages.errorPage("Invalid request.", realm: realm, toRoot: root) }
        switch try await validator.validate(parameters, realm: realm, logger: context.logger) {
        case .errorPage(let message):
            return pages.errorPage(message, realm: realm, toRoot: root)
        case .redirect(let answer):
            return pages.deliver(answer, realm: realm, toRoot: root)
        case .valid(let authorizationRequest):
            let cookie = request.cookies[PageResponder.identityCookieName(realm)]?.value
            let browser = await authorization.browser(identityCookie: cookie, realm: realm, logger: context.logger)
            switch authorization.decide(authorizationRequest, browser: browser) {
            case .issueCode(let browser):
                let answer = try await authorization.issueCode(realm: realm, request: authorizationRequest, browser: browser, logger: context.logger)
                return pages.deliver(answer, realm: realm, toRoot: root)
            case .loginRequired:
                return pages.deliver(authorization.loginRequired(authorizationRequest), realm: realm, toRoot: root)
            case .showLogin:
                let query = Self.encodeQuery(parameters)
                return loginPage(realm: realm, request: request, action: "../../login-actions/authenticate?\(query)", toRoot: root,
                                 username: authorizationRequest.loginHint ?? "", error: nil)
            }
        }
    }

    /// The login form's POST; the authorization request travels in the query string.
    func authenticate(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        let root = Self.actionsToRoot
        if HTTPHelpers.sslRefused(realm, request, context: context) { return pages.errorPage("HTTPS required", realm: realm, toRoot: root, status: .forbidden) }
        let parameters = (try? HTTPHelpers.query(request)) ?? [:]
        guard let form = try? await HTTPHelpers.form(request) else { return pages.errorPage("Invalid request.", realm: realm, toRoot: root) }
        let authorizationRequest: AuthorizationRequest
        switch try await validator.validate(parameters, realm: realm, logger: context.logger) {
        case .errorPage(let message): return pages.errorPage(message, realm: realm, toRoot: root)
        case .redirect(let answer): return pages.deliver(answer, realm: realm, toRoot: root)
        case .valid(let valid): authorizationRequest = valid
        }
        let action = "authenticate?\(Self.encodeQuery(parameters))"
        guard pages.csrfValid(request, form: form) else {
            return loginPage(realm: realm, request: request, action: action, toRoot: root, username: "",
                             error: "Your login attempt timed out. Login will start from the beginning.")
        }
        let username = String((form["username"] ?? "").prefix(255))
        let result = try await authorization.login(realm: realm, request: authorizationRequest, username: username, password: form["password"] ?? "",
                                                   ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
        switch result {
        case .failure(let message):
            return loginPage(realm: realm, request: request, action: action, toRoot: root, username: username, error: message)
        case .updatePassword(let user):
            let token = try await authorization.actionToken(realm: realm, user: user, request: authorizationRequest, logger: context.logger)
            return updatePasswordPage(realm: realm, request: request, query: Self.encodeQuery(parameters), actionToken: token, error: nil)
        case .success(let browser):
            return try await finish(realm: realm, request: authorizationRequest, browser: browser, logger: context.logger)
        }
    }

    /// The UPDATE_PASSWORD form's POST.
    func updatePassword(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        let root = Self.actionsToRoot
        if HTTPHelpers.sslRefused(realm, request, context: context) { return pages.errorPage("HTTPS required", realm: realm, toRoot: root, status: .forbidden) }
        let parameters = (try? HTTPHelpers.query(request)) ?? [:]
        guard let form = try? await HTTPHelpers.form(request) else { return pages.errorPage("Invalid request.", realm: realm, toRoot: root) }
        let authorizationRequest: AuthorizationRequest
        switch try await validator.validate(parameters, realm: realm, logger: context.logger) {
        case .errorPage(let message): return pages.errorPage(message, realm: realm, toRoot: root)
        case .redirect(let answer): return pages.deliver(answer, realm: realm, toRoot: root)
        case .valid(let valid): authorizationRequest = valid
        }
        guard pages.csrfValid(request, form: form), let token = form["action_token"],
              let user = await authorization.user(actionToken: token, realm: realm, request: authorizationRequest, logger: context.logger)
        else { return pages.errorPage("Your login attempt timed out. Login will start from the beginning.", realm: realm, toRoot: root) }
        let result = try await authorization.updatePassword(realm: realm, request: authorizationRequest, user: user,
                                                            newPassword: form["password-new"] ?? "", confirmation: form["password-confirm"] ?? "",
                                                            ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
        switch result {
        case .failure(let message):
            return updatePasswordPage(realm: realm, request: request, query: Self.encodeQuery(parameters), actionToken: token, error: message.text)
        case .success(let browser):
            return try await finish(realm: realm, request: authorizationRequest, browser: browser, logger: context.logger)
        }
    }

    /// A theme's stylesheet.
    func stylesheet(request: Request, context: ServiceRequestContext) async throws -> Response {
        guard let css = pages.themes.stylesheet(theme: try context.parameters.require("theme")) else { throw IdentityError(.notFound, "not found") }
        return Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(string: css)))
    }

    private func finish(realm: Realm, request: AuthorizationRequest, browser: AuthorizationFlow.Browser, logger: Logger) async throws -> Response {
        let answer = try await authorization.issueCode(realm: realm, request: request, browser: browser, logger: logger)
        let cookie = try await authorization.identityCookie(realm: realm, browser: browser, logger: logger)
        return pages.withIdentity(pages.deliver(answer, realm: realm, toRoot: Self.actionsToRoot), value: cookie, realm: realm)
    }

    private func loginPage(realm: Realm, request: Request, action: String, toRoot: String, username: String, error: String?) -> Response {
        let csrf = pages.csrfToken(request)
        var context: [String: Any] = ["actionURL": action, "csrfToken": csrf.token, "username": username,
                                      "usernameLabel": realm.settings.loginWithEmailAllowed ? "Username or email" : "Username"]
        if let error { context["error"] = error }
        return pages.withCSRF(pages.page("login", realm: realm, toRoot: toRoot, context: context), token: csrf, realm: realm)
    }

    private func updatePasswordPage(realm: Realm, request: Request, query: String, actionToken: String, error: String?) -> Response {
        let csrf = pages.csrfToken(request)
        var context: [String: Any] = ["actionURL": "update-password?\(query)", "csrfToken": csrf.token, "actionToken": actionToken]
        if let error { context["error"] = error }
        return pages.withCSRF(pages.page("update-password", realm: realm, toRoot: Self.actionsToRoot, context: context), token: csrf, realm: realm)
    }

    /// Form-encodes parameters for carrying the authorization request to the next form.
    static func encodeQuery(_ parameters: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parameters.sorted { $0.key < $1.key }
            .map { "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }
}
