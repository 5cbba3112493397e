import Hummingbird

/// Builds the router every service starts from: the drain phase's `Connection: close`,
/// request ids, metrics, access log and error mapping as middleware (outermost first), plus
/// the health routes.
public enum ServiceRouter {
    /// Creates a router with Tessera's standard middleware and health routes.
    /// - Parameters:
    ///   - context: The service's request context type.
    ///   - health: The health, readiness and metrics routes.
    /// - Returns: A router to which the service adds its own routes.
    public static func make<Context: RequestContext>(context: Context.Type = Context.self, health: HealthRoutes) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: DrainMiddleware(drain: health.drain))
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: ErrorMiddleware())
        health.register(on: router)
        return router
    }
}

/// The request context of services that need nothing beyond Hummingbird's basics.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The IP address of the TCP peer (the gateway, a proxy or the client itself), nil when unknown.
    public var peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }
}
