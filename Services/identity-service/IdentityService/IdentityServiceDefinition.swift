import Logging
import ServiceSupport

/// identity-service as its executable sees it: name, port, keys and how to run.
public enum IdentityServiceDefinition: ServiceDefinition {
    public static let name = "identity-service"
    public static let summary = "Tessera's OpenID Connect provider (Keycloak-compatible URLs and admin API)."
    public static let defaultPort = 8081
    public static var configurationKeys: [ConfigurationKey] { IdentityConfiguration.keys }

    public static func run(config: ConfigValues, settings: ServerSettings, logger: Logger) async throws {
        let configuration = try IdentityConfiguration(config: config, server: settings)
        let application = try await buildApplication(configuration, logger: logger)
        try await ServiceRunner.run(application, drainPeriod: settings.drainPeriod, shutdownTimeout: settings.shutdownTimeout, logger: logger)
    }
}
