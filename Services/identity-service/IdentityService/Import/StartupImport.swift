import Foundation
import Logging

/// Start-up provisioning: the master realm and the realm files of `IDENTITY_IMPORT_REALMS`.
public struct StartupImport: Sendable {
    let stores: IdentityStores
    let configuration: IdentityConfiguration

    /// Creates the step.
    public init(stores: IdentityStores, configuration: IdentityConfiguration) {
        self.stores = stores
        self.configuration = configuration
    }

    /// Bootstraps master and imports each file.
    /// - Throws: An error naming the file when one cannot be read, expanded or imported.
    public func run(logger: Logger) async throws {
        let master = try await MasterRealmBootstrap(stores: stores).run(adminUser: configuration.adminUser,
                                                                       adminPassword: configuration.adminPassword, logger: logger)
        let server = configuration.server
        try await ConsoleClients(stores: stores, origins: ConsoleClients.origins(publicURL: server.publicURL, host: server.host, port: server.port))
            .ensureAdminConsole(in: master, logger: logger)
        let importer = RealmImporter(stores: stores)
        for path in configuration.importRealms {
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let expanded = try PlaceholderExpander.expand(text, values: configuration.placeholderValues)
                let result = try await importer.importRealm(Data(expanded.utf8), strategy: configuration.importStrategy, logger: logger)
                logger.notice("realm import", metadata: ["file": "\(path)", "realm": "\(result.realm)", "outcome": "\(result.outcome.rawValue)"])
            } catch {
                logger.critical("realm import failed", metadata: ["file": "\(path)", "reason": "\(error)"])
                throw RealmImportError(path: path, reason: "\(error)")
            }
        }
    }
}

/// A realm file could not be imported at start.
public struct RealmImportError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public var path: String
    /// Why.
    public var reason: String
    public var description: String { "cannot import realm file \(path): \(reason)" }
}
