import Logging

/// Settings every Tessera service shares: where it listens, its public URL, logging
/// and shutdown behaviour.
///
/// Keys (environment name, type, default):
/// - `HTTP_HOST` string, `127.0.0.1` — address to bind.
/// - `HTTP_PORT` int, the service's own port — port to bind.
/// - `PUBLIC_URL` url, `http://localhost:8080` — the stack's public URL (the gateway's).
/// - `LOG_LEVEL` trace…critical, `info`.
/// - `LOG_FORMAT` `text` or `json`, `text` — `json` writes one JSON object per line.
/// - `SHUTDOWN_DRAIN` seconds, `5` — after SIGTERM, how long the service keeps serving while
///   `/readyz` says 503 and answers carry `Connection: close` (``ShutdownDrain``); 0 skips it.
/// - `SHUTDOWN_TIMEOUT` seconds, `15` — how long in-flight requests may take to finish on SIGTERM.
public struct ServerSettings: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind.
    public var port: Int
    /// Public URL of the whole stack, without a trailing slash.
    public var publicURL: String
    /// Minimum log level.
    public var logLevel: Logger.Level
    /// Log line format.
    public var logFormat: LogFormat
    /// The drain phase after SIGTERM, before the listener closes: longer than the gateway's
    /// health-check interval (2 s by default), so it stops choosing the replica in time.
    public var drainPeriod: Duration
    /// Bound on in-flight requests finishing at shutdown.
    public var shutdownTimeout: Duration

    /// The documented keys behind these settings.
    public static let keys: [ConfigurationKey] = [
        .httpHost, .httpPort, .publicURL, .logLevel, .logFormat, .shutdownDrain, .shutdownTimeout,
    ]

    /// Reads and validates the settings.
    /// - Parameters:
    ///   - config: The configuration sources.
    ///   - defaultPort: The service's own default port.
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public init(config: ConfigValues, defaultPort: Int) throws {
        host = config.string(.httpHost, default: "127.0.0.1")
        port = try config.int(.httpPort, default: defaultPort, range: 0...65535)
        publicURL = try config.httpURL(.publicURL, default: "http://localhost:8080")
        let level = try config.choice(.logLevel, default: "info", allowed: Logger.Level.allCases.map(\.rawValue))
        logLevel = Logger.Level(rawValue: level) ?? .info
        let format = try config.choice(.logFormat, default: "text", allowed: LogFormat.allCases.map(\.rawValue))
        logFormat = LogFormat(rawValue: format) ?? .text
        drainPeriod = .seconds(try config.int(.shutdownDrain, default: 5, range: 0...600))
        shutdownTimeout = .seconds(try config.int(.shutdownTimeout, default: 15, range: 1...3600))
    }
}

extension ConfigurationKey {
    /// `HTTP_HOST`
    public static let httpHost = ConfigurationKey("http.host", type: "string", default: "127.0.0.1", summary: "address to listen on")
    /// `HTTP_PORT`
    public static let httpPort = ConfigurationKey("http.port", type: "int", default: "the service's port", summary: "port to listen on")
    /// `PUBLIC_URL`
    public static let publicURL = ConfigurationKey("public.url", type: "url", default: "http://localhost:8080", summary: "public URL of the stack (the gateway's address as browsers see it)")
    /// `LOG_LEVEL`
    public static let logLevel = ConfigurationKey("log.level", type: "level", default: "info", summary: "trace, debug, info, notice, warning, error or critical")
    /// `LOG_FORMAT`
    public static let logFormat = ConfigurationKey("log.format", type: "text|json", default: "text", summary: "log line format; json writes one object per line")
    /// `SHUTDOWN_DRAIN`
    public static let shutdownDrain = ConfigurationKey(
        "shutdown.drain", type: "seconds", default: "5",
        summary: "after SIGTERM, time the service keeps serving while /readyz says 503 and answers close their connections; 0 skips it")
    /// `SHUTDOWN_TIMEOUT`
    public static let shutdownTimeout = ConfigurationKey("shutdown.timeout", type: "seconds", default: "15", summary: "time in-flight requests get to finish after SIGTERM")
}
