import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PACSService
import ServiceSupport
import TestSupport

/// A pacs-service with a fresh database and a fresh storage directory, run on a real port.
struct TestArchive {
    let database: TestDatabase
    let storage: String

    /// Runs `body` against a live server; drops the database and storage afterwards.
    static func with(
        _ environment: [String: String] = [:],
        authenticator: (any BearerAuthenticating)? = nil,
        _ body: @Sendable (any TestClientProtocol, TestArchive) async throws -> Void
    ) async throws {
        let storage = NSTemporaryDirectory() + "pacs-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: storage) }
        try await TestDatabase.with { database in
            var variables = [
                "DATABASE_URL": database.url, "PACS_STORAGE_DIR": storage, "PUBLIC_URL": "http://public.example", "PACS_AUTH": "disabled",
                "DATABASE_POOL_MIN": "0",  // many archives run in parallel: connections only on demand
            ]
            variables.merge(environment) { $1 }
            let config = ConfigValues(environment: variables)
            let configuration = try PACSConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 0))
            let application = try await buildApplication(configuration, logger: .quiet("pacs-test"), authenticator: authenticator)
            let archive = TestArchive(database: database, storage: storage)
            try await application.test(.live) { client in try await body(client, archive) }
        }
    }

    /// Files stored under the blob tree (temporary files excluded).
    var blobFiles: [String] {
        let enumerator = FileManager.default.enumerator(atPath: storage)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".dcm") { files.append(path) }
        }
        return files.sorted()
    }
}
