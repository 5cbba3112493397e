import AsyncHTTPClient
import Hummingbird
import Logging
import ServiceSupport

/// Builds edge-gateway: the composition root that creates its upstream client and routes.
/// - Parameters:
///   - configuration: Validated configuration.
///   - logger: Root logger.
/// - Returns: The application, ready to run.
public func buildApplication(_ configuration: GatewayConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    let upstreams = HTTPClient.shared
    let probe = ReadinessProbe(checks: [
        UpstreamReadinessCheck(name: "identity-service", baseURLs: configuration.identityURLs, client: upstreams),
        UpstreamReadinessCheck(name: "pacs-service", baseURLs: configuration.pacsURLs, client: upstreams),
    ], timeout: .seconds(3))
    let router = ServiceRouter.make(context: ServiceRequestContext.self, health: HealthRoutes(probe: probe))
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
        logger: logger
    )
}
