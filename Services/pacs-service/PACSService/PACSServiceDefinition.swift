import Logging
import ServiceSupport

/// pacs-service as its executable sees it: name, port, keys and how to run.
public enum PACSServiceDefinition: ServiceDefinition {
    public static let name = "pacs-service"
    public static let summary = "Tessera's DICOMweb archive (STOW-RS, QIDO-RS, WADO-RS, WADO-URI) on PostgreSQL."
    public static let defaultPort = 8042
    public static var configurationKeys: [ConfigurationKey] { PACSConfiguration.keys }

    public static func run(config: ConfigValues, settings: ServerSettings, logger: Logger) async throws {
        let configuration = try PACSConfiguration(config: config, server: settings)
        let application = try await buildApplication(configuration, logger: logger)
        try await ServiceRunner.run(application, drainPeriod: settings.drainPeriod, shutdownTimeout: settings.shutdownTimeout, logger: logger)
    }
}
