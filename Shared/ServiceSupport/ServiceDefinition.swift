import Logging

/// What an executable needs to know about its service to offer `serve`, `healthcheck`
/// and `--help` (see ``ServeCommand`` and ``HealthcheckCommand``).
public protocol ServiceDefinition: Sendable {
    /// Executable name, e.g. `identity-service`.
    static var name: String { get }
    /// One-line description for `--help`.
    static var summary: String { get }
    /// Default listening port.
    static var defaultPort: Int { get }
    /// The service's own configuration keys (the shared server keys are added for it).
    static var configurationKeys: [ConfigurationKey] { get }
    /// Builds and runs the service until shutdown.
    /// - Parameters:
    ///   - config: Loaded configuration sources.
    ///   - settings: Validated shared server settings.
    ///   - logger: The service's root logger.
    /// - Throws: ``ConfigurationError`` for bad settings, or a start-up failure.
    static func run(config: ConfigValues, settings: ServerSettings, logger: Logger) async throws
}

extension ServiceDefinition {
    /// Every key the service reads, shared ones first.
    public static var allConfigurationKeys: [ConfigurationKey] {
        ServerSettings.keys + configurationKeys
    }

    /// The `--help` text listing every environment variable.
    public static var environmentHelp: String {
        """
        Configuration comes from environment variables, then a .env file in the working
        directory (or --env-file), then an optional JSON config file (--config or CONFIG_FILE;
        keys nest by their dotted names, e.g. {"http": {"port": 8081}}).

        Environment variables:
        \(allConfigurationKeys.helpText)
        """
    }
}
