import Foundation
import Logging
import PostgresSupport
import ServiceSupport

/// The `export` subcommand: writes a realm as Keycloak realm-export JSON.
public enum IdentityExport {
    /// Exports `realm` to `file` (stdout when nil).
    /// - Parameters:
    ///   - config: Configuration sources (needs `DATABASE_URL`).
    ///   - realm: Realm name.
    ///   - file: Output path, or nil for standard output.
    /// - Throws: ``ConfigurationError`` for bad settings, ``IdentityError`` for an unknown realm.
    public static func run(config: ConfigValues, realm: String, file: String?) async throws {
        let database = try DatabaseSettings(config: config)
        var logger = Logger(label: "identity-service.export")
        logger.logLevel = .warning
        let runtime = DatabaseRuntime(settings: database, schema: identitySchema, logger: logger)
        let task = Task { await runtime.client.run() }
        defer { task.cancel() }
        let data = try await RealmExporter(stores: .postgres(runtime.client)).export(realmNamed: realm, logger: logger)
        if let file {
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
        } else {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}
