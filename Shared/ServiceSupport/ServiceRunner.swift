import Hummingbird
import Logging
import ServiceLifecycle

/// Runs a service's application until SIGTERM or SIGINT, then shuts it down gracefully:
/// the listener stops accepting, in-flight requests get `shutdownTimeout` to finish,
/// and the application's own services (e.g. the PostgreSQL pool) close after it.
public enum ServiceRunner {
    /// Runs `application` until a shutdown signal.
    /// - Parameters:
    ///   - application: The service's Hummingbird application.
    ///   - shutdownTimeout: Bound on the graceful phase; remaining work is cancelled after it.
    ///   - logger: Logger for lifecycle messages.
    public static func run(_ application: some ApplicationProtocol, shutdownTimeout: Duration, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: application)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        configuration.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: configuration).run()
        logger.info("stopped")
    }
}
