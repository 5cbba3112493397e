import Foundation
import PostgresNIO
import ServiceSupport

/// Where a service's PostgreSQL is and how to use it.
///
/// Keys (environment name, type, default):
/// - `DATABASE_URL` url, required — `postgres://user:password@host:port/database[?sslmode=disable|prefer|require]`.
/// - `DATABASE_POOL_SIZE` int, `10` — maximum connections per replica.
/// - `DATABASE_POOL_MIN` int, the pool size — connections kept open while idle.
/// - `DATABASE_STARTUP_TIMEOUT` seconds, `60` — how long start-up waits for the database before giving up.
public struct DatabaseSettings: Sendable {
    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Role to connect as.
    public var username: String
    /// Password (a secret: never logged).
    public var password: String?
    /// Database name.
    public var database: String
    /// TLS use, from `sslmode`.
    public var tlsMode: TLSMode
    /// Maximum pooled connections.
    public var poolSize: Int
    /// Connections kept open while idle. By default every one of them: a fixed-size pool, as
    /// Keycloak's and HikariCP's guides recommend. Connections above the minimum are closed
    /// after a minute idle, and each time one of them goes idle the pool starts (and, when it
    /// is leased again, cancels) an idle timer: a task and a clock registration per query,
    /// about 50,000 instructions of a refresh grant. Fixed connections also keep their
    /// prepared statements.
    public var minimumPoolSize: Int
    /// How long start-up waits for the database.
    public var startupTimeout: Duration

    /// TLS modes as libpq names them.
    public enum TLSMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or fail.
        case require
    }

    /// The documented keys.
    public static let keys: [ConfigurationKey] = [.databaseURL, .databasePoolSize, .databasePoolMinimum, .databaseStartupTimeout]

    /// Reads and validates the settings.
    /// - Throws: ``ConfigurationError`` naming `DATABASE_URL` when it is missing or malformed.
    public init(config: ConfigValues) throws {
        let text = try config.requiredString(.databaseURL)
        try self.init(url: text)
        poolSize = try config.int(.databasePoolSize, default: 10, range: 1...1000)
        minimumPoolSize = try config.int(.databasePoolMinimum, default: poolSize, range: 0...poolSize)
        startupTimeout = .seconds(try config.int(.databaseStartupTimeout, default: 60, range: 0...3600))
    }

    /// Parses a `postgres://` URL.
    /// - Throws: ``ConfigurationError`` `.invalid` for `DATABASE_URL`.
    public init(url text: String) throws {
        func invalid(_ reason: String) -> ConfigurationError {
            ConfigurationError(.invalid, key: ConfigurationKey.databaseURL.name, reason: reason)
        }
        // `URL`, not `URLComponents`: the latter's host accessors run IDNA through ICU, which
        // maps megabytes of ICU code and data into every service for a value that is ASCII.
        guard let url = URL(string: text), let scheme = url.scheme, scheme == "postgres" || scheme == "postgresql"
        else { throw invalid("must look like postgres://user:password@host:port/database") }
        guard let encodedHost = url.host(percentEncoded: true), !encodedHost.isEmpty else { throw invalid("has no host") }
        guard let user = url.user(percentEncoded: false), !user.isEmpty else { throw invalid("has no user name") }
        let name = String(url.path(percentEncoded: false).drop(while: { $0 == "/" }))
        guard !name.isEmpty, !name.contains("/") else { throw invalid("has no database name") }
        self.host = encodedHost.removingPercentEncoding ?? encodedHost
        self.port = url.port ?? 5432
        self.username = user
        self.password = url.password(percentEncoded: false)
        self.database = name
        let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems
        let mode = query?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard let tls = TLSMode(rawValue: mode) else { throw invalid("sslmode must be disable, prefer or require") }
        self.tlsMode = tls
        self.poolSize = 10
        self.minimumPoolSize = 10
        self.startupTimeout = .seconds(60)
    }

    /// The URL with its password hidden, for logs.
    public var redactedDescription: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// A postgres-nio client configuration whose connections use `schema` as search path.
    /// - Parameter schema: The service's own schema.
    public func clientConfiguration(schema: String) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch tlsMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = min(minimumPoolSize, poolSize)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [("search_path", schema), ("application_name", "tessera-\(schema)")]
        return configuration
    }
}

extension ConfigurationKey {
    /// `DATABASE_URL`
    public static let databaseURL = ConfigurationKey(
        "database.url", type: "url", summary: "postgres://user:password@host:port/database[?sslmode=disable|prefer|require]", isSecret: true)
    /// `DATABASE_POOL_SIZE`
    public static let databasePoolSize = ConfigurationKey("database.pool.size", type: "int", default: "10", summary: "maximum PostgreSQL connections per replica")
    /// `DATABASE_POOL_MIN`
    public static let databasePoolMinimum = ConfigurationKey(
        "database.pool.min", type: "int", default: "pool size", summary: "PostgreSQL connections kept open while idle (0 to DATABASE_POOL_SIZE)")
    /// `DATABASE_STARTUP_TIMEOUT`
    public static let databaseStartupTimeout = ConfigurationKey(
        "database.startup.timeout", type: "seconds", default: "60", summary: "how long start-up waits for PostgreSQL before giving up")
}
