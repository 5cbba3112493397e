import Foundation
import Hummingbird
import Logging
import PostgresSupport
import ServiceLifecycle
import ServiceSupport

/// The PostgreSQL schema that holds identity-service's tables.
public let identitySchema = "identity"

/// Builds identity-service: the composition root that creates its pool, stores, keys and routes.
/// - Parameters:
///   - configuration: Validated configuration.
///   - logger: Root logger.
/// - Returns: The application, ready to run (migrations and realm imports run before it listens).
public func buildApplication(_ configuration: IdentityConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    let database = DatabaseRuntime(settings: configuration.database, schema: identitySchema, logger: logger)
    let migrations = try identityMigrations()
    let stores = IdentityStores.postgres(database.client)
    let flows = IdentityFlows(stores: stores, publicURL: configuration.server.publicURL, keyReloadInterval: configuration.keyCacheInterval)
    let router = ServiceRouter.make(context: ServiceRequestContext.self, health: HealthRoutes(probe: ReadinessProbe(checks: [database.readiness])))
    let origins = ConsoleClients.origins(publicURL: configuration.server.publicURL, host: configuration.server.host, port: configuration.server.port)
    IdentityRoutes(flows: flows, themes: try ThemeRenderer.bundled(), consoleOrigins: origins).register(on: router)
    var services: [any Service] = [database.client, ExpiredGrantPurger(grants: stores.grants, logger: logger),
                                   DirectoryCacheListener(client: database.client, cache: stores.cache, logger: logger)]
    // Last: at shutdown it drains right after the server's requests, before the pool closes.
    if let events = stores.events as? BatchingEventStore { services.append(events) }
    var application = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
        services: services,
        logger: logger
    )
    application.beforeServerStarts {
        try await database.migrate(migrations, logger: logger)
        try await StartupImport(stores: stores, configuration: configuration).run(logger: logger)
    }
    return application
}

/// identity-service's migrations, from the bundle.
/// - Throws: ``MigrationError`` for a badly named file.
public func identityMigrations() throws -> [Migration] {
    try Migration.load(from: Bundle.module.url(forResource: "Migrations", withExtension: nil)!)
}
