import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// Web-origins CORS for the endpoints browsers call (Keycloak's behaviour): discovery and
/// JWKS are readable from any origin; token, userinfo, revocation and logout answers carry
/// `Access-Control-Allow-Origin` only for an origin the client allows (`webOrigins`, `+` for
/// its redirect URIs' origins, `*` for any).
enum CORS {
    static let allowOrigin = HTTPField.Name("Access-Control-Allow-Origin")!
    static let allowCredentials = HTTPField.Name("Access-Control-Allow-Credentials")!
    static let allowMethods = HTTPField.Name("Access-Control-Allow-Methods")!
    static let allowHeaders = HTTPField.Name("Access-Control-Allow-Headers")!
    static let maxAge = HTTPField.Name("Access-Control-Max-Age")!
    static let origin = HTTPField.Name("Origin")!

    /// Headers for a response to a request from `Origin` when the origin is in `allowed`.
    static func headers(_ request: Request, allowed: [String]) -> HTTPFields {
        guard let origin = request.headers[Self.origin], origin.utf8.count <= 512,
              allowed.contains("*") || allowed.contains(origin) else { return [:] }
        return [allowOrigin: origin, allowCredentials: "true", .vary: "Origin"]
    }

    /// Headers for public metadata (discovery, JWKS): any origin.
    static func publicHeaders(_ request: Request) -> HTTPFields {
        request.headers[origin] == nil ? [:] : [allowOrigin: "*"]
    }

    /// Answers a preflight: the actual request is checked against the client's origins.
    static func preflight(request: Request, context: ServiceRequestContext) async throws -> Response {
        guard let origin = request.headers[origin], origin.utf8.count <= 512 else { return Response(status: .ok) }
        return Response(status: .ok, headers: [allowOrigin: origin, allowCredentials: "true", allowMethods: "GET, HEAD, POST, OPTIONS",
                                               allowHeaders: "Authorization, Content-Type, Origin, Accept", maxAge: "3600", .vary: "Origin"])
    }

    /// Adds CORS headers to a response.
    static func adding(_ headers: HTTPFields, to response: Response) -> Response {
        var response = response
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}
