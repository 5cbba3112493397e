import Foundation
import PostgresSupport
import ServiceSupport

/// identity-service's configuration.
///
/// Keys: the shared server keys (`HTTP_HOST`, `HTTP_PORT` = 8081, `PUBLIC_URL`, `LOG_LEVEL`,
/// `LOG_FORMAT`, `SHUTDOWN_TIMEOUT`), the database keys (`DATABASE_URL` required,
/// `DATABASE_POOL_SIZE` = 10, `DATABASE_POOL_MIN` = the pool size, `DATABASE_STARTUP_TIMEOUT` = 60) and:
/// - `IDENTITY_ADMIN_USER` string, `admin` — the master realm's bootstrap admin.
/// - `IDENTITY_ADMIN_PASSWORD` secret, unset — its password; unset means no admin user is created.
/// - `IDENTITY_IMPORT_REALMS` paths, unset — comma-separated realm-export files imported at start;
///   `${NAME}`/`${NAME:default}` placeholders in them expand from the environment (and `PUBLIC_URL`).
/// - `IDENTITY_IMPORT_STRATEGY` `skip`|`overwrite`, `skip` — what import does with an existing realm.
/// - `IDENTITY_KEY_CACHE_SECONDS` int, `60` — how long a replica trusts its loaded signing keys.
public struct IdentityConfiguration: Sendable {
    /// Listening and logging.
    public var server: ServerSettings
    /// The identity database.
    public var database: DatabaseSettings
    /// Bootstrap admin username.
    public var adminUser: String
    /// Bootstrap admin password (secret).
    public var adminPassword: String?
    /// Realm files to import at start.
    public var importRealms: [String]
    /// Existing-realm handling for imports.
    public var importStrategy: RealmImporter.Strategy
    /// Signing-key cache lifetime.
    public var keyCacheInterval: Duration
    /// Values for `${NAME}` placeholders in realm files.
    public var placeholderValues: [String: String]

    /// Every key the service reads beyond the shared server keys.
    public static let keys: [ConfigurationKey] = DatabaseSettings.keys + [
        .identityAdminUser, .identityAdminPassword, .identityImportRealms, .identityImportStrategy, .identityKeyCacheSeconds,
    ]

    /// Reads and validates the configuration.
    /// - Parameter environment: Values for realm-file placeholders (the process environment).
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public init(config: ConfigValues, server: ServerSettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.server = server
        self.database = try DatabaseSettings(config: config)
        adminUser = config.string(.identityAdminUser, default: "admin")
        guard adminUser.utf8.count <= 255 else { throw ConfigurationError(.invalid, key: ConfigurationKey.identityAdminUser.name, reason: "is too long") }
        adminPassword = config.secret(.identityAdminPassword)
        importRealms = (config.string(.identityImportRealms) ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let strategy = try config.choice(.identityImportStrategy, default: "skip", allowed: RealmImporter.Strategy.allCases.map(\.rawValue))
        importStrategy = RealmImporter.Strategy(rawValue: strategy) ?? .skip
        keyCacheInterval = .seconds(try config.int(.identityKeyCacheSeconds, default: 60, range: 1...3600))
        var values = environment
        values["PUBLIC_URL"] = server.publicURL
        placeholderValues = values
    }
}

extension ConfigurationKey {
    /// `IDENTITY_ADMIN_USER`
    public static let identityAdminUser = ConfigurationKey("identity.admin.user", type: "string", default: "admin", summary: "bootstrap admin of the master realm")
    /// `IDENTITY_ADMIN_PASSWORD`
    public static let identityAdminPassword = ConfigurationKey("identity.admin.password", type: "secret", summary: "bootstrap admin's password (no admin user is created when unset)", isSecret: true)
    /// `IDENTITY_IMPORT_REALMS`
    public static let identityImportRealms = ConfigurationKey("identity.import.realms", type: "paths", summary: "comma-separated Keycloak realm-export files imported at start (${NAME} placeholders expand from the environment)")
    /// `IDENTITY_IMPORT_STRATEGY`
    public static let identityImportStrategy = ConfigurationKey("identity.import.strategy", type: "skip|overwrite", default: "skip", summary: "what importing does with a realm that already exists")
    /// `IDENTITY_KEY_CACHE_SECONDS`
    public static let identityKeyCacheSeconds = ConfigurationKey("identity.key.cache.seconds", type: "seconds", default: "60", summary: "how long a replica trusts its loaded signing keys before re-reading them")
}
