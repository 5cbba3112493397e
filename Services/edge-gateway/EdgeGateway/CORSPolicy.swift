import HTTPTypes
import Hummingbird

/// Cross-origin access to one route, decided at the gateway (`GATEWAY_<ROUTE>_CORS_ORIGINS`).
///
/// The gateway answers preflight requests itself — before authentication, since browsers
/// send preflights without credentials — and sets `Access-Control-Allow-Origin` on answers to
/// listed origins, replacing whatever the upstream said. Credentials (cookies) are never
/// allowed cross-origin: the routes that use CORS carry bearer tokens in a header.
public struct CORSPolicy: Sendable, Equatable {
    /// Exact origins (`https://viewer.example.org`) allowed; `*` allows any.
    public var origins: Set<String>
    /// How long browsers may cache a preflight answer, seconds.
    public var maxAge: Int

    static let allowedMethods = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
    static let allowedHeaders = "Authorization, Accept, Accept-Encoding, Content-Type, Range, If-None-Match, If-Modified-Since, X-Request-Id"
    static let exposedHeaders = "Content-Length, Content-Range, Content-Type, Content-Encoding, ETag, Location, Warning, X-Request-Id"

    /// Creates a policy.
    public init(origins: Set<String>, maxAge: Int = 600) {
        self.origins = origins
        self.maxAge = maxAge
    }

    /// Whether `origin` may read answers.
    func allows(_ origin: String) -> Bool {
        origins.contains("*") || origins.contains(origin)
    }

    /// Whether `request` is a CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`).
    static func isPreflight(_ request: Request) -> Bool {
        request.method == .options && request.headers[.origin] != nil && request.headers[.accessControlRequestMethod] != nil
    }

    /// The answer to a preflight: 204, with the allowance only for a listed origin.
    func preflight(origin: String) -> Response {
        var fields: HTTPFields = [.vary: "Origin"]
        if allows(origin) {
            fields[.accessControlAllowOrigin] = origins.contains("*") ? "*" : origin
            fields[.accessControlAllowMethods] = Self.allowedMethods
            fields[.accessControlAllowHeaders] = Self.allowedHeaders
            fields[.accessControlMaxAge] = String(maxAge)
        }
        return Response(status: .noContent, headers: fields)
    }

    /// Replaces the upstream's CORS fields with this policy's for a request from `origin`.
    func apply(origin: String?, to fields: inout HTTPFields) {
        for name in [HTTPField.Name.accessControlAllowOrigin, .accessControlAllowCredentials, .accessControlExposeHeaders,
                     .accessControlAllowMethods, .accessControlAllowHeaders, .accessControlMaxAge] {
            fields[name] = nil
        }
        if !origins.contains("*") { fields.append(HTTPField(name: .vary, value: "Origin")) }
        guard let origin, allows(origin) else { return }
        fields[.accessControlAllowOrigin] = origins.contains("*") ? "*" : origin
        fields[.accessControlExposeHeaders] = Self.exposedHeaders
    }
}
