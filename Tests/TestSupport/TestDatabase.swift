import Foundation
import Logging
import PostgresNIO
import PostgresSupport

/// A fresh PostgreSQL database for one test, created on the server named by
/// `TESSERA_TEST_DATABASE_URL` (set by `make test`, which starts a throwaway cluster)
/// and dropped by ``drop()``. Each test gets its own database, so tests run in any order.
public struct TestDatabase: Sendable {
    /// Settings pointing at the new database.
    public let settings: DatabaseSettings
    /// The new database's name.
    public let name: String
    private let admin: DatabaseSettings

    /// Why a database test cannot run.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates a new, empty database.
    /// - Throws: ``Unavailable`` when `TESSERA_TEST_DATABASE_URL` is unset (run `make test`).
    public static func create() async throws -> TestDatabase {
        guard let url = ProcessInfo.processInfo.environment["TESSERA_TEST_DATABASE_URL"] else {
            throw Unavailable(description: "TESSERA_TEST_DATABASE_URL is not set: run the tests with `make test`, which starts PostgreSQL")
        }
        let admin = try DatabaseSettings(url: url)
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Self.execute("CREATE DATABASE \(name)", on: admin)
        var settings = admin
        settings.database = name
        settings.startupTimeout = .seconds(60)  // migrations of ~360 parallel tests share one cluster
        settings.minimumPoolSize = 0  // ~360 parallel tests: connections only on demand
        return TestDatabase(settings: settings, name: name, admin: admin)
    }

    /// Drops the database (forcing off any connection still open).
    public func drop() async throws {
        try await Self.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: admin)
    }

    /// A `postgres://` URL for the test database (for services configured by URL).
    public var url: String {
        "postgres://\(settings.username):\(settings.password ?? "")@\(settings.host):\(settings.port)/\(name)?sslmode=disable"
    }

    /// Runs `body` with a fresh database and drops it afterwards, even on failure.
    public static func with<Result>(_ body: (TestDatabase) async throws -> Result) async throws -> Result {
        let database = try await create()
        do {
            let result = try await body(database)
            try await database.drop()
            return result
        } catch {
            try? await database.drop()
            throw error
        }
    }

    /// Runs one statement on its own connection.
    public static func execute(_ sql: String, on settings: DatabaseSettings) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: settings.host, port: settings.port, username: settings.username,
                                 password: settings.password, database: settings.database, tls: .disable),
            id: 1, logger: Logger.quiet("test-database"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger.quiet("test-database"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
