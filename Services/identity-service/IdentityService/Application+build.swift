import Foundation
import Hummingbird
import Logging
import PostgresSupport
import ServiceSupport

/// The PostgreSQL schema that holds identity-service's tables.
public let identitySchema = "identity"

/// Builds identity-service: the composition root that creates its pool and routes.
/// - Parameters:
///   - configuration: Validated configuration.
///   - logger: Root logger.
/// - Returns: The application, ready to run (migrations are applied before it listens).
public func buildApplication(_ configuration: IdentityConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    let database = DatabaseRuntime(settings: configuration.database, schema: identitySchema, logger: logger)
    let migrations = try Migration.load(from: Bundle.module.url(forResource: "Migrations", withExtension: nil)!)
    let router = ServiceRouter.make(context: ServiceRequestContext.self, health: HealthRoutes(probe: ReadinessProbe(checks: [database.readiness])))
    var application = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
        services: [database.client],
        logger: logger
    )
    application.beforeServerStarts {
        try await database.migrate(migrations, logger: logger)
    }
    return application
}
