import ArgumentParser
import Foundation
import IdentityService
import ServiceSupport

/// `identity-service export --realm NAME [--file PATH]`: writes a realm as Keycloak realm-export JSON.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a realm as Keycloak realm-representation JSON (users keep their hashed passwords)."
    )

    @Option(name: .customLong("config"), help: "JSON config file (also CONFIG_FILE).")
    var configFile: String?

    @Option(name: .customLong("env-file"), help: "Environment file read after the real environment.")
    var envFile: String = ".env"

    @Option(help: "Realm to export.")
    var realm: String

    @Option(help: "Output file (default: standard output).")
    var file: String?

    func run() async throws {
        do {
            let config = try await ConfigValues.load(envFile: envFile, configFile: configFile ?? ProcessInfo.processInfo.environment["CONFIG_FILE"])
            try await IdentityExport.run(config: config, realm: realm, file: file)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("identity-service: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("identity-service: export failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
