import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// `…/protocol/openid-connect/logout`: Keycloak's refresh-token logout POST (client
/// authenticated, 204) and RP-initiated logout (redirect or pages), plus the confirmation POST.
struct LogoutRoutes {
    let flows: IdentityFlows
    let logout: LogoutFlow
    let authorization: AuthorizationFlow
    let pages: PageResponder

    /// Adds the routes.
    func register(on router: some RouterMethods<ServiceRequestContext>) {
        router.get("realms/:realm/protocol/openid-connect/logout", use: endSession)
        router.post("realms/:realm/protocol/openid-connect/logout", use: endSession)
        router.post("realms/:realm/login-actions/logout-confirm", use: confirm)
    }

    func endSession(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        let root = LoginRoutes.protocolToRoot
        if HTTPHelpers.sslRefused(realm, request, context: context) { return pages.errorPage("HTTPS required", realm: realm, toRoot: root, status: .forbidden) }
        let parameters = try await HTTPHelpers.form(request)
        if request.method == .post, parameters["refresh_token"] != nil {
            let credentials = try ClientCredentials.parse(authorization: request.headers[.authorization], form: parameters)
            try await flows.inspection.logout(realm: realm, credentials: credentials, refreshToken: parameters["refresh_token"],
                                              ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
            return Response(status: .noContent, headers: [.cacheControl: "no-store"])
        }
        switch try await logout.check(realm: realm, parameters: parameters, logger: context.logger) {
        case .failure(let message):
            return pages.errorPage(message.text, realm: realm, toRoot: root)
        case .success(let checked) where checked.hinted:
            try await logout.end(realm: realm, sessionID: checked.sessionID, ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
            return pages.clearingIdentity(done(realm: realm, redirect: checked.redirect, toRoot: root), realm: realm)
        case .success:
            let csrf = pages.csrfToken(request)
            var values: [String: Any] = ["actionURL": "../../login-actions/logout-confirm", "csrfToken": csrf.token]
            values["state"] = parameters["state"]
            values["postLogoutRedirectURI"] = parameters["post_logout_redirect_uri"]
            values["clientID"] = parameters["client_id"]
            return pages.withCSRF(pages.page("logout-confirm", realm: realm, toRoot: root, context: values), token: csrf, realm: realm)
        }
    }

    func confirm(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
        let root = LoginRoutes.actionsToRoot
        if HTTPHelpers.sslRefused(realm, request, context: context) { return pages.errorPage("HTTPS required", realm: realm, toRoot: root, status: .forbidden) }
        let form = try await HTTPHelpers.form(request)
        guard pages.csrfValid(request, form: form) else { return pages.errorPage("Invalid request.", realm: realm, toRoot: root) }
        var parameters = form
        parameters["id_token_hint"] = nil
        switch try await logout.check(realm: realm, parameters: parameters, logger: context.logger) {
        case .failure(let message):
            return pages.errorPage(message.text, realm: realm, toRoot: root)
        case .success(let checked):
            let cookie = request.cookies[PageResponder.identityCookieName(realm)]?.value
            let browser = await authorization.browser(identityCookie: cookie, realm: realm, logger: context.logger)
            try await logout.end(realm: realm, sessionID: browser?.session.id, ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
            return pages.clearingIdentity(done(realm: realm, redirect: checked.redirect, toRoot: root), realm: realm)
        }
    }

    private func done(realm: Realm, redirect: String?, toRoot: String) -> Response {
        if let redirect { return Response(status: .found, headers: [.location: redirect, .cacheControl: "no-store"]) }
        return pages.page("logged-out", realm: realm, toRoot: toRoot)
    }
}
