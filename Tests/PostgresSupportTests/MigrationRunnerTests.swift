import Foundation
import Logging
import PostgresNIO
import Testing
import TestSupport

@testable import PostgresSupport

@Suite struct MigrationRunnerTests {
    let logger = Logger.quiet("migration-test")

    static let migrations = [
        Migration(version: 1, name: "notes", sql: """
            CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);
            INSERT INTO notes (body) VALUES ('first; with a semicolon'), ('it''s quoted');
            """),
        Migration(version: 2, name: "function", sql: """
            CREATE FUNCTION note_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM notes $$;
            -- a comment with $m$ in it
            ALTER TABLE notes ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
            """),
    ]

    func client(_ database: TestDatabase, schema: String = "app") -> PostgresClient {
        PostgresClient(configuration: database.settings.clientConfiguration(schema: schema), backgroundLogger: logger)
    }

    func count(_ sql: String, _ client: PostgresClient) async throws -> Int {
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await value in rows.decode(Int.self) { return value }
        return -1
    }

    @Test func appliesPendingMigrationsOnceInOrder() async throws {
        try await TestDatabase.with { database in
            let client = client(database)
            try await client.running { () async throws in
                let runner = MigrationRunner(schema: "app", migrations: Self.migrations)
                #expect(try await runner.run(on: client, logger: logger) == [1, 2])
                #expect(try await runner.run(on: client, logger: logger) == [])
                #expect(try await count("SELECT count(*)::int FROM app.schema_migrations", client) == 2)
                #expect(try await count("SELECT app.note_count()::int", client) == 2)
                // Unqualified names resolve to the service schema (search_path from the pool settings).
                #expect(try await count("SELECT count(*)::int FROM notes", client) == 2)
            }
        }
    }

    @Test func concurrentStartersApplyEachMigrationOnce() async throws {
        try await TestDatabase.with { database in
            let clients = (0..<4).map { _ in client(database) }
            let tasks = clients.map { client in Task { await client.run() } }
            defer { tasks.forEach { $0.cancel() } }
            let runner = MigrationRunner(schema: "app", migrations: Self.migrations)
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for client in clients {
                    group.addTask { try await runner.run(on: client, logger: logger) }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(applied.sorted() == [1, 2])
            #expect(try await count("SELECT count(*)::int FROM app.schema_migrations", clients[0]) == 2)
            #expect(try await count("SELECT count(*)::int FROM app.notes", clients[0]) == 2)
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        try await TestDatabase.with { database in
            let client = client(database)
            try await client.running { () async throws in
                let broken = Self.migrations + [
                    Migration(version: 3, name: "broken", sql: "CREATE TABLE half (id int); SELECT * FROM no_such_table;")
                ]
                let error = await #expect(throws: MigrationError.self) {
                    try await MigrationRunner(schema: "app", migrations: broken).run(on: client, logger: logger)
                }
                #expect(error?.code == .failed)
                #expect(error?.description.contains("no_such_table") == true)
                #expect(try await count("SELECT count(*)::int FROM app.schema_migrations", client) == 2)
                #expect(try await count("SELECT count(*)::int FROM pg_tables WHERE tablename = 'half'", client) == 0)
            }
        }
    }

    @Test func aChangedMigrationIsRefused() async throws {
        try await TestDatabase.with { database in
            let client = client(database)
            try await client.running { () async throws in
                try await MigrationRunner(schema: "app", migrations: Self.migrations).run(on: client, logger: logger)
                var edited = Self.migrations
                edited[0].sql += "\nINSERT INTO notes (body) VALUES ('sneaky');"
                let error = await #expect(throws: MigrationError.self) {
                    try await MigrationRunner(schema: "app", migrations: edited).run(on: client, logger: logger)
                }
                #expect(error?.code == .checksumMismatch)
            }
        }
    }

    @Test func schemasOfTwoServicesStayApart() async throws {
        try await TestDatabase.with { database in
            let first = client(database, schema: "identity")
            let second = client(database, schema: "pacs")
            try await first.running { () async throws in
                try await second.running { () async throws in
                    try await MigrationRunner(schema: "identity", migrations: Self.migrations).run(on: first, logger: logger)
                    try await MigrationRunner(schema: "pacs", migrations: [Self.migrations[0]]).run(on: second, logger: logger)
                    #expect(try await count("SELECT count(*)::int FROM identity.schema_migrations", first) == 2)
                    #expect(try await count("SELECT count(*)::int FROM pacs.schema_migrations", first) == 1)
                }
            }
        }
    }

    /// As deploy/postgres/init-databases.sh sets a service up: a role that owns its schema and
    /// has no CREATE privilege on the database.
    @Test func aRoleThatOnlyOwnsItsSchemaCanMigrateIt() async throws {
        try await TestDatabase.with { database in
            let role = "schema_owner_\(UInt32.random(in: 0...UInt32.max))"
            let password = UUID().uuidString
            for statement in ["CREATE ROLE \(role) LOGIN PASSWORD '\(password)'", "REVOKE CREATE ON DATABASE \(database.name) FROM PUBLIC",
                              "CREATE SCHEMA app AUTHORIZATION \(role)"] {
                try await TestDatabase.execute(statement, on: database.settings)
            }
            var settings = database.settings
            settings.username = role
            settings.password = password
            let client = PostgresClient(configuration: settings.clientConfiguration(schema: "app"), backgroundLogger: logger)
            try await client.running { () async throws in
                #expect(try await MigrationRunner(schema: "app", migrations: Self.migrations).run(on: client, logger: logger) == [1, 2])
                #expect(try await MigrationRunner(schema: "app", migrations: Self.migrations).run(on: client, logger: logger) == [])
                // A schema it does not have yet needs the privilege it lacks: PostgreSQL refuses.
                await #expect(throws: PSQLError.self) {
                    try await MigrationRunner(schema: "other", migrations: Self.migrations).run(on: client, logger: logger)
                }
            }
            for statement in ["DROP SCHEMA app CASCADE", "DROP OWNED BY \(role)", "DROP ROLE \(role)"] {
                try await TestDatabase.execute(statement, on: database.settings)
            }
        }
    }

    @Test func loadsNumberedFilesFromADirectory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "SELECT 2;".write(to: folder.appendingPathComponent("0002_second.sql"), atomically: true, encoding: .utf8)
        try "SELECT 1;".write(to: folder.appendingPathComponent("0001_first.sql"), atomically: true, encoding: .utf8)
        try "notes".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let loaded = try Migration.load(from: folder)
        #expect(loaded.map(\.version) == [1, 2])
        #expect(loaded.map(\.name) == ["first", "second"])

        try "SELECT 3;".write(to: folder.appendingPathComponent("third.sql"), atomically: true, encoding: .utf8)
        let error = #expect(throws: MigrationError.self) { try Migration.load(from: folder) }
        #expect(error?.code == .badFileName)
    }
}
