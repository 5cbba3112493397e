import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import PostgresSupport
import ServiceLifecycle
import ServiceSupport
import TokenSupport

/// The PostgreSQL schema that holds the archive's index.
public let pacsSchema = "pacs"

/// Builds pacs-service: the composition root that creates its pool, blob store, token verifier, flows and routes.
/// - Parameters:
///   - configuration: Validated configuration.
///   - logger: Root logger.
///   - authenticator: Replaces the JWT verifier (tests); ignored when `PACS_AUTH=disabled`.
/// - Returns: The application, ready to run (migrations and a first orphan sweep run before it listens).
/// - Throws: ``PACSError`` when the storage directory cannot be created.
public func buildApplication(_ configuration: PACSConfiguration, logger: Logger,
                             authenticator: (any BearerAuthenticating)? = nil) async throws -> some ApplicationProtocol {
    let database = DatabaseRuntime(settings: configuration.database, schema: pacsSchema, logger: logger)
    let migrations = try PACSMigrations.load()
    let blobs = try FileBlobStore(root: configuration.storageDirectory)
    let index = PostgresInstanceIndex(client: database.client)
    let collector = OrphanCollector(blobs: blobs, index: index, grace: configuration.orphanGrace,
                                    interval: configuration.orphanInterval, logger: logger)
    var services: [any Service] = [database.client, collector]
    var verifier: (any BearerAuthenticating)?
    if configuration.auth.enabled {
        if let authenticator {
            verifier = authenticator
        } else {
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
            services.append(HTTPClientShutdown(client: client))
            let metadata = IssuerMetadata(
                location: IssuerLocation(issuer: configuration.auth.issuer,
                                         backchannelBases: configuration.auth.identityURLs.map { "\($0)/realms/\(configuration.auth.realm)" }),
                client: BackchannelClient(httpClient: client), logger: logger)
            verifier = TokenSupportAuthenticator(verifier: JWTVerifier(metadata: metadata))
        }
    } else {
        logger.critical("AUTHORIZATION IS DISABLED (PACS_AUTH=disabled): every client can read, store and delete. Never run like this outside development.")
    }
    let router = ServiceRouter.make(context: ServiceRequestContext.self, health: HealthRoutes(probe: ReadinessProbe(checks: [database.readiness])))
    try PACSRoutes(configuration: configuration, blobs: blobs, index: index, authenticator: verifier).register(on: router)
    var application = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
        services: services,
        logger: logger
    )
    application.beforeServerStarts {
        try await database.migrate(migrations, logger: logger)
        do {
            try await collector.sweep()
        } catch {
            logger.warning("start-up orphan sweep failed", metadata: ["error": "\(error)"])
        }
    }
    return application
}
