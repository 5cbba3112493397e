import ArgumentParser
import Foundation
import Logging

/// Options every subcommand shares: where configuration comes from.
public struct ConfigurationOptions: ParsableArguments {
    /// JSON config file.
    @Option(name: .customLong("config"), help: "JSON config file (also CONFIG_FILE).")
    public var configFile: String?

    /// `.env` file.
    @Option(name: .customLong("env-file"), help: "Environment file read after the real environment.")
    public var envFile: String = ".env"

    public init() {}

    /// Loads configuration sources, or prints the problem and exits with status 2.
    /// - Returns: The merged configuration values.
    /// - Throws: `ExitCode(2)` after printing a ``ConfigurationError``.
    public func load() async throws -> ConfigValues {
        do {
            let file = configFile ?? ProcessInfo.processInfo.environment["CONFIG_FILE"]
            return try await ConfigValues.load(envFile: envFile, configFile: file)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// `serve` (the default subcommand): validate configuration and run the service.
public struct ServeCommand<Service: ServiceDefinition>: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "serve", abstract: "Run \(Service.name) (the default).", discussion: Service.environmentHelp)
    }

    @OptionGroup public var options: ConfigurationOptions

    public init() {}

    public func run() async throws {
        UTCTimeZone.nameGMTWhenUTC()
        let config = try await options.load()
        do {
            let settings = try ServerSettings(config: config, defaultPort: Service.defaultPort)
            LoggingBootstrap.bootstrap(format: settings.logFormat, level: settings.logLevel)
            let logger = Logger(label: Service.name)
            logger.info("starting", metadata: [
                "host": .string(settings.host), "port": .stringConvertible(settings.port), "public_url": .string(settings.publicURL),
            ])
            try await Service.run(config: config, settings: settings, logger: logger)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("\(Service.name): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// `healthcheck`: asks the running service's own `/readyz`; exit 0 when ready, 1 otherwise.
/// For container health checks on images without curl.
public struct HealthcheckCommand<Service: ServiceDefinition>: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "healthcheck", abstract: "Probe this service's /readyz; exit 0 when ready, 1 when not.")
    }

    @OptionGroup public var options: ConfigurationOptions

    @Option(help: "Seconds to wait for an answer.")
    public var timeout: Int = 5

    public init() {}

    public func run() async throws {
        let config = try await options.load()
        let settings: ServerSettings
        do {
            settings = try ServerSettings(config: config, defaultPort: Service.defaultPort)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
        let status = await HealthcheckProbe.readiness(host: settings.host, port: settings.port, timeout: .seconds(timeout))
        print(status.message)
        if !status.ready { throw ExitCode(1) }
    }
}
