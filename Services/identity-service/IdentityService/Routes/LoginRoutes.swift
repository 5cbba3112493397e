import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// The browser endpoints: authorization (code flow), the login form, the required-action
/// forms (``RequiredActionRoutes``) and the theme stylesheets.
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
        router.get("resources/login/:theme/login.css", use: stylesheet)
        RequiredActionRoutes(login: self).register(on: router)
    }

    /// A `login-actions` form POST that passed the common checks.
    struct ActionStep {
        /// The realm.
        var realm: Realm
        /// The authorization request's parameters (they travel in the query string).
        var parameters: [String: String]
        /// The posted form.
        var form: [String: String]
        /// The validated authorization request.
        var authorization: AuthorizationRequest
    }

    /// A checked step, or the answer to send instead (error page, or an error redirect to the client).
    enum StepCheck {
        case ready(ActionStep)
        case answered(Response)
    }

    /// The checks every `login-actions` POST starts with: realm, HTTPS, form, authorization request.
    func actionStep(_ request: Request, _ context: ServiceRequestContext) async throws -> StepCheck {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        let root = Self.actionsToRoot
        if HTTPHelpers.sslRefused(realm, request, context: context) {
            return .answered(pages.errorPage("HTTPS required", realm: realm, toRoot: root, status: .forbidden))
        }
        let parameters = (try? HTTPHelpers.query(request)) ?? [:]
        guard let form = try? await HTTPHelpers.form(request) else { return .answered(pages.errorPage("Invalid request.", realm: realm, toRoot: root)) }
        switch try await validator.validate(parameters, realm: realm, logger: context.logger) {
        case .errorPage(let message): return .answered(pages.errorPage(message, realm: realm, toRoot: root))
        case .redirect(let answer): return .answered(pages.deliver(answer, realm: realm, toRoot: root))
        case .valid(let valid): return .ready(ActionStep(realm: realm, parameters: parameters, form: form, authorization: valid))
        }
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
        let step: ActionStep
        switch try await actionStep(request, context) {
        case .answered(let response): return response
        case .ready(let ready): step = ready
        }
        let (realm, form) = (step.realm, step.form)
        let action = "authenticate?\(Self.encodeQuery(step.parameters))"
        guard pages.csrfValid(request, form: form) else {
            return loginPage(realm: realm, request: request, action: action, toRoot: Self.actionsToRoot, username: "",
                             error: "Your login attempt timed out. Login will start from the beginning.")
        }
        let username = String((form["username"] ?? "").prefix(255))
        let result = try await authorization.login(realm: realm, request: step.authorization, username: username, password: form["password"] ?? "",
                                                   ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
        switch result {
        case .failure(let message):
            return loginPage(realm: realm, request: request, action: action, toRoot: Self.actionsToRoot, username: username, error: message)
        case .requiredAction(let next, let user):
            let token = try await authorization.actionToken(realm: realm, user: user, request: step.authorization, logger: context.logger)
            return RequiredActionRoutes(login: self).page(next, step: step, request: request, actionToken: token, user: user)
        case .success(let browser):
            return try await finish(realm: realm, request: step.authorization, browser: browser, logger: context.logger)
        }
    }

    /// A theme's stylesheet.
    func stylesheet(request: Request, context: ServiceRequestContext) async throws -> Response {
        guard let css = pages.themes.stylesheet(theme: try context.parameters.require("theme")) else { throw IdentityError(.notFound, "not found") }
        return Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(string: css)))
    }

    /// Issues the code, sets the SSO cookie and answers the client.
    func finish(realm: Realm, request: AuthorizationRequest, browser: AuthorizationFlow.Browser, logger: Logger) async throws -> Response {
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

    /// Form-encodes parameters for carrying the authorization request to the next form.
    static func encodeQuery(_ parameters: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parameters.sorted { $0.key < $1.key }
            .map { "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }
}
