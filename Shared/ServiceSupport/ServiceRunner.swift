import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a service's application until SIGTERM or SIGINT, then shuts it down gracefully:
/// after SIGTERM a drain phase first (``ShutdownDrain``: still serving, `/readyz` 503,
/// `Connection: close`), then the listener stops accepting, in-flight requests get
/// `shutdownTimeout` to finish, and the application's own services (e.g. the PostgreSQL
/// pool) close after it. SIGINT (Ctrl-C) skips the drain.
public enum ServiceRunner {
    /// Runs `application` until a shutdown signal.
    /// - Parameters:
    ///   - application: The service's Hummingbird application.
    ///   - drainPeriod: The drain phase after SIGTERM; zero skips it.
    ///   - shutdownTimeout: Bound on the graceful phase; remaining work is cancelled after it.
    ///   - logger: Logger for lifecycle messages.
    public static func run(
        _ application: some ApplicationProtocol, drainPeriod: Duration = .zero, shutdownTimeout: Duration, logger: Logger
    ) async throws {
        let drains = drainPeriod > .zero
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: application)],
            gracefulShutdownSignals: drains ? [.sigint] : [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        configuration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            if drains {
                tasks.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sigterm) {
                        ShutdownDrain.shared.begin()
                        logger.info("draining before shutdown", metadata: ["seconds": "\(drainPeriod.components.seconds)"])
                        try? await Task.sleep(for: drainPeriod)
                        await group.triggerGracefulShutdown()
                        return
                    }
                }
            }
            try await tasks.next()  // the group has stopped
            tasks.cancelAll()
        }
        logger.info("stopped")
    }
}
