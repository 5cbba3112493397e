import PostgresSupport
import ServiceSupport

/// pacs-service's configuration.
///
/// Keys: the shared server keys (`HTTP_HOST`, `HTTP_PORT` = 8042, `PUBLIC_URL`, `LOG_LEVEL`,
/// `LOG_FORMAT`, `SHUTDOWN_TIMEOUT`) and the database keys (`DATABASE_URL` required,
/// `DATABASE_POOL_SIZE` = 10, `DATABASE_STARTUP_TIMEOUT` = 60).
public struct PACSConfiguration: Sendable {
    /// Listening and logging.
    public var server: ServerSettings
    /// The archive's index database.
    public var database: DatabaseSettings

    /// Every key the service reads beyond the shared server keys.
    public static let keys: [ConfigurationKey] = DatabaseSettings.keys

    /// Reads and validates the configuration.
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public init(config: ConfigValues, server: ServerSettings) throws {
        self.server = server
        self.database = try DatabaseSettings(config: config)
    }
}
