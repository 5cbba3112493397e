import Foundation
import Hummingbird

/// An error answered to an HTTP client as JSON:
/// `{"error": "<code>", "error_description": "<reason>"}` (the shape OAuth uses, so
/// every Tessera service answers errors alike). Each module maps its own typed errors
/// to an `APIError` in one place.
public struct APIError: HTTPResponseError, CustomStringConvertible, Sendable {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// Short machine-readable code, e.g. `invalid_request`.
    public var code: String
    /// Human-readable reason; never contains secrets, tokens or patient data.
    public var reason: String
    /// Extra response headers (e.g. `WWW-Authenticate`).
    public var headers: HTTPFields

    /// Creates an error answer.
    public init(_ status: HTTPResponse.Status, code: String, reason: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.reason = reason
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(reason)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let body = try JSONSerialization.data(withJSONObject: ["error": code, "error_description": reason], options: [.sortedKeys])
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension APIError {
    /// 400 with a reason.
    public static func badRequest(_ reason: String) -> APIError { APIError(.badRequest, code: "invalid_request", reason: reason) }
    /// 404 with a reason.
    public static func notFound(_ reason: String = "not found") -> APIError { APIError(.notFound, code: "not_found", reason: reason) }
    /// 503 with a reason.
    public static func unavailable(_ reason: String) -> APIError { APIError(.serviceUnavailable, code: "unavailable", reason: reason) }
}
