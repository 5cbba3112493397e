import HTTPTypes
import Hummingbird
import Logging

extension HTTPField.Name {
    /// `X-Request-Id`: the id that follows a request through every service.
    public static let xRequestID = HTTPField.Name("X-Request-Id")!
}

/// Gives every request an id: the caller's `X-Request-Id` when it is well-formed
/// (1–128 characters of `[A-Za-z0-9._:-]`), otherwise a new random one. The id goes
/// into the logger metadata (`request_id`) and back out in the response header.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = RequestID.forRequest(sentAs: request.headers[.xRequestID])
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[.xRequestID] = id
        return response
    }
}
