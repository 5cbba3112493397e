import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// Renders themed HTML pages and authorization answers, and manages the SSO and CSRF cookies.
struct PageResponder: Sendable {
    let themes: ThemeRenderer
    let issuer: TokenIssuer

    /// Name of the CSRF cookie (double-submit token for every form).
    static let csrfCookie = "TESSERA_CSRF"

    /// The SSO cookie's name for a realm (Path `/`, so it works at `/realms` and `/auth/realms`).
    static func identityCookieName(_ realm: Realm) -> String {
        "TESSERA_IDENTITY_" + String(realm.name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "_" })
    }

    /// Whether cookies get the `Secure` attribute: when the realm is served over https.
    func secure(_ realm: Realm) -> Bool { issuer.issuer(for: realm).lowercased().hasPrefix("https://") }

    /// A themed page, with the realm's browser security headers.
    /// - Parameters:
    ///   - page: Template name.
    ///   - realm: The realm (theme, display name).
    ///   - toRoot: Relative path from the page's URL to the service root (`../../../../`), so
    ///     stylesheets resolve behind any proxy prefix.
    ///   - context: Page values.
    ///   - status: HTTP status.
    func page(_ page: String, realm: Realm, toRoot: String, context: [String: Any] = [:], status: HTTPResponse.Status = .ok) -> Response {
        let theme = themes.theme(named: realm.settings.loginTheme)
        var values = context
        values["realmDisplayName"] = realm.displayName ?? realm.name
        values["resourcesURL"] = "\(toRoot)resources/login/\(theme)"
        let html = themes.render(page, theme: theme, context: values)
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store, must-revalidate, max-age=0"],
                                body: .init(byteBuffer: ByteBuffer(string: html)))
        response.applyBrowserSecurityHeaders(realm.settings.browserSecurityHeaders)
        return response
    }

    /// An error page that never redirects.
    func errorPage(_ message: String, realm: Realm, toRoot: String, status: HTTPResponse.Status = .badRequest) -> Response {
        page("error", realm: realm, toRoot: toRoot, context: ["message": message], status: status)
    }

    /// Delivers an authorization answer by redirect (query, fragment) or auto-submitting form (form_post).
    func deliver(_ answer: AuthorizationAnswer, realm: Realm, toRoot: String) -> Response {
        if answer.mode == .formPost {
            let fields = answer.parameters.map { ["name": $0.0, "value": $0.1] }
            return page("form-post", realm: realm, toRoot: toRoot, context: ["redirectURI": answer.redirectURI, "fields": fields])
        }
        return Response(status: .found, headers: [.location: answer.location, .cacheControl: "no-store"])
    }

    /// The CSRF token of the request's cookie, or a new one.
    func csrfToken(_ request: Request) -> (token: String, isNew: Bool) {
        if let value = request.cookies[Self.csrfCookie]?.value, value.count == 43 { return (value, false) }
        return (RandomToken.make(bytes: 32), true)
    }

    /// Whether the form's `csrf_token` equals the cookie (constant time).
    func csrfValid(_ request: Request, form: [String: String]) -> Bool {
        guard let cookie = request.cookies[Self.csrfCookie]?.value, let field = form["csrf_token"], cookie.count == 43 else { return false }
        return constantTimeEquals(cookie, field)
    }

    /// Adds the CSRF cookie to a response when it is new.
    func withCSRF(_ response: Response, token: (token: String, isNew: Bool), realm: Realm) -> Response {
        guard token.isNew else { return response }
        var response = response
        response.setCookie(Cookie(name: Self.csrfCookie, value: token.token, path: "/", secure: secure(realm), httpOnly: true, sameSite: .lax))
        return response
    }

    /// Sets the SSO cookie (HttpOnly, SameSite=Lax, Secure over https).
    func withIdentity(_ response: Response, value: String, realm: Realm) -> Response {
        var response = response
        response.setCookie(Cookie(name: Self.identityCookieName(realm), value: value, maxAge: realm.settings.ssoSessionMaxLifespan, path: "/",
                                  secure: secure(realm), httpOnly: true, sameSite: .lax))
        return response
    }

    /// Expires the SSO cookie.
    func clearingIdentity(_ response: Response, realm: Realm) -> Response {
        var response = response
        response.setCookie(Cookie(name: Self.identityCookieName(realm), value: "", maxAge: 0, path: "/", secure: secure(realm),
                                  httpOnly: true, sameSite: .lax))
        return response
    }
}
