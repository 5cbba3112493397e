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

    @OptionGroup var options: ConfigurationOptions

    @Option(help: "Realm to export.")
    var realm: String

    @Option(help: "Output file (default: standard output).")
    var file: String?

    func run() async throws {
        let config = try await options.load()
        do {
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
