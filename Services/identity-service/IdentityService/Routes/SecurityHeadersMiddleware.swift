import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// Adds clickjacking and content-type protection to every answer (Keycloak's defaults):
/// `X-Frame-Options: SAMEORIGIN`, `Content-Security-Policy: frame-ancestors 'self'`,
/// `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xFrameOptions] = "SAMEORIGIN"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "frame-src 'self'; frame-ancestors 'self'; object-src 'none';"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}
