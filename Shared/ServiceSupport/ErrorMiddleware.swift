import Hummingbird
import Logging

/// The one place where errors become HTTP answers.
///
/// Errors that know their HTTP form (`HTTPResponseError`, e.g. ``APIError`` or
/// Hummingbird's `HTTPError`) answer themselves; anything else is a bug: it is logged
/// with the request id and answered as a 500 JSON error that reveals nothing.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            if error.status.code >= 500 {
                context.logger.error("request failed", metadata: ["status": "\(error.status.code)", "error": "\(error)"])
            }
            return try error.response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error.type": "\(type(of: error))", "error": "\(String(describing: error))"])
            return try APIError(.internalServerError, code: "internal_error", reason: "internal server error")
                .response(from: request, context: context)
        }
    }
}
