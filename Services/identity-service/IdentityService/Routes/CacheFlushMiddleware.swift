import HTTPTypes
import Hummingbird

/// Flushes the replica's ``DirectoryCache`` after every state-changing admin request
/// (REST API and console), whether it succeeded or failed part-way, so the next request on
/// this replica sees the change at once; other replicas hear of it through
/// `NOTIFY identity_cache`.
struct CacheFlushMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The replica's cache.
    let cache: DirectoryCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.changesState(method: request.method, path: request.uri.path) else { return try await next(request, context) }
        defer { cache.flush() }
        return try await next(request, context)
    }

    /// Whether the request may write directory data: a non-GET/HEAD/OPTIONS request under `/admin/`.
    static func changesState(method: HTTPRequest.Method, path: String) -> Bool {
        switch method {
        case .get, .head, .options: return false
        default: return path.hasPrefix("/admin/") || path.hasPrefix("/auth/admin/")
        }
    }
}
