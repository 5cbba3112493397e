import HTTPTypes
import Hummingbird
import Synchronization

/// The drain phase between SIGTERM and a service's graceful shutdown (Kubernetes' preStop
/// pattern, built in): for `SHUTDOWN_DRAIN` seconds the service keeps serving, while
/// `/readyz` answers 503 and every answer carries `Connection: close`. Load balancers and the
/// gateway's health checks take the replica out of rotation, and no keep-alive connection to
/// it is reused, so when the listener then closes no request is caught on a connection the
/// replica is closing (a POST on such a connection could not be retried safely).
public final class ShutdownDrain: Sendable {
    /// The drain state of this process.
    public static let shared = ShutdownDrain()

    private let draining = Atomic<Bool>(false)

    /// Creates a state that is not draining (tests make their own).
    public init() {}

    /// Whether the drain phase has begun.
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Begins the drain phase (idempotent).
    public func begin() {
        draining.store(true, ordering: .relaxed)
    }
}

/// Adds `Connection: close` to every answer while the process drains (``ShutdownDrain``).
public struct DrainMiddleware<Context: RequestContext>: RouterMiddleware {
    let drain: ShutdownDrain

    /// Creates the middleware.
    public init(drain: ShutdownDrain = .shared) {
        self.drain = drain
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if drain.isDraining { response.headers[.connection] = "close" }
        return response
    }
}
