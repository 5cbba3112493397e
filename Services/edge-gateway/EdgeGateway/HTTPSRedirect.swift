import Hummingbird
import Logging
import ServiceSupport

/// The plain-HTTP listener beside a TLS gateway: every request is answered with a 308 to the
/// same path under `PUBLIC_URL` (never under the request's `Host`, which a client chooses).
struct HTTPSRedirect: RouterMiddleware {
    typealias Context = BasicRequestContext
    /// `https://…`, no trailing slash.
    let publicURL: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = (try? NormalizedPath(target: request.head.path ?? "/"))?.encodedTarget ?? "/"
        return Response(status: .permanentRedirect, headers: [.location: publicURL + target, .contentLength: "0"])
    }

    /// The redirecting application, listening on `host:port`.
    static func application(host: String, port: Int, publicURL: String, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: HTTPSRedirect(publicURL: publicURL))
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: logger)
    }
}
