import HTTPTypes
import Hummingbird
import ServiceSupport

/// Checks every DICOMweb request's bearer token and realm role (RFC 6750): `pacs-read` for
/// reads, `pacs-write` for stores, `pacs-admin` for deletes and rejects. 401 with
/// `WWW-Authenticate: Bearer` when credentials are missing or invalid, 403 with
/// `insufficient_scope` when the role is missing. Health routes are registered before this
/// middleware and stay open.
struct AuthorizationMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The verifier; nil when authorization is disabled (development only).
    let authenticator: (any BearerAuthenticating)?
    /// The realm named in challenges.
    let realm: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authenticator, let role = PACSRole.required(method: request.method.rawValue, path: request.uri.path) else {
            return try await next(request, context)
        }
        let principal: Principal
        do {
            principal = try await authenticator.authenticate(authorization: request.headers[.authorization])
        } catch let error as AuthenticationError {
            switch error.kind {
            case .missing:
                throw APIError(.unauthorized, code: "unauthorized", reason: "a bearer token is required",
                               headers: [.wwwAuthenticate: "Bearer realm=\"\(realm)\""])
            case .invalidToken:
                throw APIError(.unauthorized, code: "invalid_token", reason: error.reason,
                               headers: [.wwwAuthenticate: "Bearer realm=\"\(realm)\", error=\"invalid_token\""])
            case .unavailable:
                throw APIError.unavailable("the token issuer cannot be reached")
            }
        }
        guard principal.roles.contains(role.rawValue) else {
            throw APIError(.forbidden, code: "insufficient_scope", reason: "the realm role \(role.rawValue) is required",
                           headers: [.wwwAuthenticate: "Bearer realm=\"\(realm)\", error=\"insufficient_scope\""])
        }
        context.logger.debug("authorized", metadata: ["sub": "\(principal.subject)", "role": "\(role.rawValue)"])
        return try await Principal.$current.withValue(principal) { try await next(request, context) }
    }
}
