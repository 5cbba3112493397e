import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path (never the query string, which may carry
/// patient data), status and duration. Health and metrics probes log at debug level.
public struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        let level: Logger.Level = Self.isProbe(path) ? .debug : .info
        do {
            let response = try await next(request, context)
            log(context, level, request, path, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(context, level, request, path, status: status, since: start)
            throw error
        }
    }

    private func log(_ context: Context, _ level: Logger.Level, _ request: Request, _ path: String, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(level: level, "request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(path),
            "status": .stringConvertible(status),
            "duration_ms": .string(String(format: "%.2f", milliseconds)),
        ])
    }

    static func isProbe(_ path: String) -> Bool {
        path == "/healthz" || path == "/readyz" || path == "/metrics"
    }
}
