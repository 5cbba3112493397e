import Logging
import PostgresNIO
import ServiceSupport
import Testing
import TestSupport

@testable import PostgresSupport

@Suite struct PostgresReadinessCheckTests {
    let logger = Logger.quiet("readiness-test")

    @Test func upWhenTheDatabaseAnswers() async throws {
        try await TestDatabase.with { database in
            let runtime = DatabaseRuntime(settings: database.settings, schema: "app", logger: logger)
            try await runtime.client.running { () async throws in
                // A generous bound: the first check opens a connection, slow while the whole
                // suite runs at once.
                let outcome = await ReadinessProbe(checks: [runtime.readiness], timeout: .seconds(60)).run()
                #expect(outcome["database"] == .up)
            }
        }
    }

    @Test func downWithAReasonWhenNothingListens() async throws {
        var settings = try DatabaseSettings(url: "postgres://tessera:secret@127.0.0.1:9/tessera?sslmode=disable")
        settings.startupTimeout = .seconds(1)
        let runtime = DatabaseRuntime(settings: settings, schema: "app", logger: logger)
        try await runtime.client.running { () async throws in
            let outcome = await ReadinessProbe(checks: [runtime.readiness], timeout: .seconds(3)).run()
            guard case .down(let reason) = outcome["database"] else {
                Issue.record("expected down, got \(String(describing: outcome["database"]))")
                return
            }
            #expect(!reason.contains("secret"))
        }
    }

    @Test func startupGivesUpAfterItsTimeout() async throws {
        var settings = try DatabaseSettings(url: "postgres://tessera:secret@127.0.0.1:9/tessera?sslmode=disable")
        settings.startupTimeout = .seconds(1)
        let runtime = DatabaseRuntime(settings: settings, schema: "app", logger: logger)
        try await runtime.client.running { () async throws in
            await #expect(throws: DatabaseUnavailableError.self) {
                try await runtime.migrate([Migration(version: 1, name: "x", sql: "SELECT 1")], logger: logger)
            }
        }
    }
}
