import Logging
import ServiceSupport

/// edge-gateway as its executable sees it: name, port, keys and how to run.
public enum GatewayServiceDefinition: ServiceDefinition {
    public static let name = "edge-gateway"
    public static let summary = "Tessera's public entry point: routing, authentication and the viewer's files."
    public static let defaultPort = 8080
    public static var configurationKeys: [ConfigurationKey] { GatewayConfiguration.keys }

    public static func run(config: ConfigValues, settings: ServerSettings, logger: Logger) async throws {
        let configuration = try GatewayConfiguration(config: config, server: settings)
        let application = try await buildApplication(configuration, logger: logger)
        try await ServiceRunner.run(application, drainPeriod: settings.drainPeriod, shutdownTimeout: settings.shutdownTimeout, logger: logger)
    }
}
