import Logging
import PostgresNIO
import ServiceSupport

/// A service's PostgreSQL pool with its readiness check and start-up migration step.
///
/// The pool (`client`) is a swift-service-lifecycle service: add it to the
/// application's services so it runs with the server and closes after it.
public struct DatabaseRuntime: Sendable {
    /// The connection pool; every connection uses the service's schema as search path.
    public let client: PostgresClient
    /// `/readyz`'s database check.
    public let readiness: PostgresReadinessCheck
    /// The validated settings.
    public let settings: DatabaseSettings
    /// The service's schema.
    public let schema: String

    /// Creates the pool (it connects lazily once running).
    public init(settings: DatabaseSettings, schema: String, logger: Logger) {
        self.settings = settings
        self.schema = schema
        self.client = PostgresClient(configuration: settings.clientConfiguration(schema: schema), backgroundLogger: logger)
        self.readiness = PostgresReadinessCheck(client: client, logger: logger)
    }

    /// Applies pending migrations, retrying while the database is unreachable or still
    /// starting, for up to `settings.startupTimeout`.
    /// - Throws: ``MigrationError`` at once for a broken migration; the last connection error after the timeout.
    public func migrate(_ migrations: [Migration], logger: Logger) async throws {
        let runner = MigrationRunner(schema: schema, migrations: migrations)
        let client = self.client
        let deadline = ContinuousClock.now + settings.startupTimeout
        var delay = Duration.milliseconds(250)
        while true {
            let remaining = max(deadline - ContinuousClock.now, .milliseconds(100))
            do {
                let applied = try await withTimeout(remaining) { try await runner.run(on: client, logger: logger) }
                logger.info("database ready", metadata: ["database": "\(settings.redactedDescription)", "schema": "\(schema)", "applied": "\(applied)"])
                return
            } catch let error as MigrationError {
                logger.critical("migration refused", metadata: ["schema": "\(schema)", "reason": "\(error)"])
                throw error
            } catch {
                let reason = PostgresErrors.reason(error)
                guard ContinuousClock.now + delay < deadline else {
                    logger.critical("database unreachable", metadata: ["database": "\(settings.redactedDescription)", "reason": "\(reason)"])
                    throw DatabaseUnavailableError(reason: reason)
                }
                logger.warning("waiting for database", metadata: ["database": "\(settings.redactedDescription)", "reason": "\(reason)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}

/// Start-up gave up waiting for PostgreSQL.
public struct DatabaseUnavailableError: Error, CustomStringConvertible, Sendable {
    /// Why the last attempt failed (no credentials).
    public var reason: String
    public var description: String { "database unavailable: \(reason)" }
}
