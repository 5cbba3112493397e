import Foundation
import Hummingbird
import Logging

/// One log line per request (``AccessLogLine``) with what inner layers recorded in
/// ``AccessLogFields`` (e.g. `user`, `route`). Health and metrics probes log at debug level.
public struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        let level: Logger.Level = Self.isProbe(path) ? .debug : .info
        guard context.logger.logLevel <= level else { return try await next(request, context) }
        let fields = AccessLogFields()
        do {
            let response = try await AccessLogFields.$current.withValue(fields) { try await next(request, context) }
            let bytes = response.body.contentLength ?? response.headers[.contentLength].flatMap { Int($0) }
            log(context, level, request, path, status: response.status.code, bytes: bytes, fields: fields, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(context, level, request, path, status: status, bytes: nil, fields: fields, since: start)
            throw error
        }
    }

    private func log(
        _ context: Context, _ level: Logger.Level, _ request: Request, _ path: String, status: Int, bytes: Int?, fields: AccessLogFields,
        since start: ContinuousClock.Instant
    ) {
        AccessLogLine.log(
            context.logger, level: level, method: request.method.rawValue, path: path, status: status, bytes: bytes,
            elapsed: ContinuousClock.now - start, fields: fields.metadata)
    }

    static func isProbe(_ path: String) -> Bool {
        path == "/healthz" || path == "/readyz" || path == "/metrics"
    }
}
