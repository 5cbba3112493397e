import HTTPTypes
import Hummingbird

/// CORS for the viewer's origins (Fetch standard §3.2): answers preflight `OPTIONS` requests
/// and adds `Access-Control-Allow-Origin` for allowed origins only. Origins come from
/// `PACS_CORS_ORIGINS`; `*` allows any origin (credentials are bearer tokens, never cookies).
struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Allowed origins (`scheme://host[:port]`), or `["*"]`.
    let origins: Set<String>

    static var allowedMethods: String { "GET, HEAD, POST, DELETE, OPTIONS" }
    static var allowedHeaders: String { "Authorization, Content-Type, Accept, Accept-Encoding, If-None-Match, X-Request-Id" }
    static var exposedHeaders: String { "Content-Location, Location, Warning, ETag, X-Request-Id" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], !origins.isEmpty else { return try await next(request, context) }
        let allowed = origins.contains("*") || origins.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = HTTPFields()
            if allowed {
                headers[.accessControlAllowOrigin] = origins.contains("*") ? "*" : origin
                headers[.accessControlAllowMethods] = Self.allowedMethods
                headers[.accessControlAllowHeaders] = Self.allowedHeaders
                headers[.accessControlMaxAge] = "600"
            }
            headers[.vary] = "Origin"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if allowed {
            response.headers[.accessControlAllowOrigin] = origins.contains("*") ? "*" : origin
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
            response.headers.append(HTTPField(name: .vary, value: "Origin"))
        }
        return response
    }
}
