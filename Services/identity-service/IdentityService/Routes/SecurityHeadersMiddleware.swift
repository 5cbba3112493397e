import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// Adds clickjacking and content-type protection to every answer that did not get its
/// realm's own browser security headers (Keycloak's defaults): `X-Frame-Options: SAMEORIGIN`,
/// `Content-Security-Policy: frame-ancestors 'self'`, `X-Content-Type-Options: nosniff`,
/// `Referrer-Policy: no-referrer`. A realm's HTML pages carry the realm's
/// ``BrowserSecurityHeaders`` instead (see ``Hummingbird/Response/applyBrowserSecurityHeaders(_:)``),
/// including the headers a realm turned off.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.realmSecurityHeaders] != nil {
            response.headers[.realmSecurityHeaders] = nil
            return response
        }
        response.headers[.xFrameOptions] = "SAMEORIGIN"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "frame-src 'self'; frame-ancestors 'self'; object-src 'none';"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

extension HTTPField.Name {
    /// Internal marker: the answer carries its realm's headers (removed before sending).
    static let realmSecurityHeaders = HTTPField.Name("Tessera-Realm-Security-Headers")!
}

extension Response {
    /// Puts a realm's browser security headers on an HTML answer, as Keycloak does for its
    /// pages: each non-empty value is sent, an empty one turns the header off. A page that
    /// already has its own Content-Security-Policy (the consoles' strict one) keeps it and gets
    /// the realm's as a second policy: browsers enforce both, so a realm can only tighten it.
    mutating func applyBrowserSecurityHeaders(_ realmHeaders: BrowserSecurityHeaders) {
        let hasOwnPolicy = headers[.contentSecurityPolicy] != nil
        for header in BrowserSecurityHeaders.headers {
            guard let name = HTTPField.Name(header.name), !(hasOwnPolicy && name == .contentSecurityPolicy) else { continue }
            headers[name] = nil
        }
        for (name, value) in realmHeaders.fields {
            guard let name = HTTPField.Name(name) else { continue }
            headers.append(HTTPField(name: name, value: value))
        }
        headers[.realmSecurityHeaders] = "1"
    }
}
