import EdgeGateway
import Foundation
import Hummingbird
import HummingbirdTesting
import IdentityService
import Logging
import PACSService
import PostgresNIO
import ServiceSupport
import Testing
import TestSupport

/// Each service starts against a real PostgreSQL, applies its migrations in its own
/// schema and answers the health endpoints.
@Suite struct ServiceStartupTests {
    let logger = Logger.quiet("startup-test")

    func environment(_ database: TestDatabase) -> ConfigValues {
        ConfigValues(environment: ["DATABASE_URL": database.url, "HTTP_PORT": "0"])
    }

    func expectHealthy(_ client: some TestClientProtocol) async throws {
        try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        try await client.execute(uri: "/readyz", method: .get) { response throws in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
        }
        try await client.execute(uri: "/metrics", method: .get) { response throws in
            #expect(String(buffer: response.body).contains("hb_requests"))
        }
    }

    func tables(in schema: String, database: TestDatabase) async throws -> [String] {
        let client = PostgresClient(configuration: database.settings.clientConfiguration(schema: schema), backgroundLogger: logger)
        return try await client.running { () async throws in
            let rows = try await client.query("SELECT tablename FROM pg_tables WHERE schemaname = \(schema) ORDER BY tablename", logger: logger)
            return try await rows.decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }

    @Test func identityServiceMigratesItsSchemaAndIsReady() async throws {
        try await TestDatabase.with { database in
            let config = environment(database)
            let configuration = try IdentityConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 8081))
            let application = try await IdentityService.buildApplication(configuration, logger: logger)
            try await application.test(.live) { client in try await expectHealthy(client) }
            #expect(try await tables(in: "identity", database: database).contains("schema_migrations"))
            #expect(try await tables(in: "identity", database: database).contains("installation"))
        }
    }

    @Test func pacsServiceMigratesItsSchemaAndIsReady() async throws {
        try await TestDatabase.with { database in
            let config = environment(database)
            let configuration = try PACSConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 8042))
            let application = try await PACSService.buildApplication(configuration, logger: logger)
            try await application.test(.live) { client in try await expectHealthy(client) }
            #expect(try await tables(in: "pacs", database: database).contains("installation"))
            #expect(try await tables(in: "identity", database: database).isEmpty)
        }
    }

    @Test func gatewayIsNotReadyWithoutItsUpstreams() async throws {
        let config = ConfigValues(environment: ["GATEWAY_IDENTITY_URLS": "http://127.0.0.1:9", "GATEWAY_PACS_URLS": "http://127.0.0.1:9,http://127.0.0.1:10"])
        let configuration = try GatewayConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 8080))
        #expect(configuration.pacsURLs.count == 2)
        let application = try await EdgeGateway.buildApplication(configuration, logger: logger)
        try await application.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { response throws in
                #expect(response.status == .serviceUnavailable)
                let text = String(buffer: response.body)
                #expect(text.contains("identity-service"))
                #expect(text.contains("pacs-service"))
            }
        }
    }

    @Test func gatewayRefusesABadUpstreamURL() {
        let config = ConfigValues(environment: ["GATEWAY_PACS_URLS": "http://ok:8042,ftp://bad"])
        let error = #expect(throws: ConfigurationError.self) {
            try GatewayConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 8080))
        }
        #expect(error?.description.contains("GATEWAY_PACS_URLS") == true)
    }
}
