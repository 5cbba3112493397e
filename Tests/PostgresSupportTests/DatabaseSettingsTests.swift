import PostgresNIO
import Testing

@testable import PostgresSupport
@testable import ServiceSupport

@Suite struct DatabaseSettingsTests {
    @Test func parsesAFullURL() throws {
        let settings = try DatabaseSettings(url: "postgres://pacs%40svc:s%2Fcret@db.internal:6543/archive?sslmode=require")
        #expect(settings.host == "db.internal")
        #expect(settings.port == 6543)
        #expect(settings.username == "pacs@svc")
        #expect(settings.password == "s/cret")
        #expect(settings.database == "archive")
        #expect(settings.tlsMode == .require)
    }

    @Test func decodesPercentEscapesOnceAndTakesIPv6Hosts() throws {
        let settings = try DatabaseSettings(url: "postgres://tessera:a%2525b@[::1]:5433/tessera")
        #expect(settings.password == "a%25b")
        #expect(settings.host == "::1")
        #expect(settings.port == 5433)
    }

    @Test func defaultsPortAndTLS() throws {
        let settings = try DatabaseSettings(url: "postgresql://tessera@localhost/tessera")
        #expect(settings.port == 5432)
        #expect(settings.password == nil)
        #expect(settings.tlsMode == .prefer)
    }

    @Test(arguments: ["mysql://u:p@h/db", "postgres://h/db", "postgres://u:p@h", "postgres://u:p@h/db?sslmode=maybe", "not a url"])
    func refusesMalformedURLs(_ url: String) {
        let error = #expect(throws: ConfigurationError.self) { try DatabaseSettings(url: url) }
        #expect(error?.description.contains("DATABASE_URL") == true)
    }

    @Test func redactsThePassword() throws {
        let settings = try DatabaseSettings(url: "postgres://tessera:topsecret@localhost:5432/tessera")
        #expect(!settings.redactedDescription.contains("topsecret"))
        #expect(settings.redactedDescription.contains("***"))
    }

    @Test func requiresDatabaseURL() {
        let error = #expect(throws: ConfigurationError.self) { try DatabaseSettings(config: ConfigValues(environment: [:])) }
        #expect(error?.code == .missing)
        #expect(error?.description.contains("DATABASE_URL") == true)
    }

    /// A fixed-size pool unless `DATABASE_POOL_MIN` says otherwise; the minimum never
    /// exceeds the pool size.
    @Test func theMinimumPoolIsThePoolSizeByDefault() throws {
        func settings(_ extra: [String: String]) throws -> DatabaseSettings {
            try DatabaseSettings(config: ConfigValues(environment: ["DATABASE_URL": "postgres://u:p@h/db"].merging(extra) { $1 }))
        }
        let fixed = try settings(["DATABASE_POOL_SIZE": "7"])
        #expect(fixed.minimumPoolSize == 7)
        #expect(fixed.clientConfiguration(schema: "s").options.minimumConnections == 7)
        #expect(fixed.clientConfiguration(schema: "s").options.maximumConnections == 7)
        let lazy = try settings(["DATABASE_POOL_SIZE": "7", "DATABASE_POOL_MIN": "2"])
        #expect(lazy.clientConfiguration(schema: "s").options.minimumConnections == 2)
        #expect(try DatabaseSettings(url: "postgres://u:p@h/db").minimumPoolSize == 10)
        for invalid in ["8", "-1", "some"] {
            let error = #expect(throws: ConfigurationError.self) { try settings(["DATABASE_POOL_SIZE": "7", "DATABASE_POOL_MIN": invalid]) }
            #expect(error?.description.contains("DATABASE_POOL_MIN") == true)
        }
    }

    @Test func poolSizeIsValidated() {
        let config = ConfigValues(environment: ["DATABASE_URL": "postgres://u:p@h/db", "DATABASE_POOL_SIZE": "0"])
        let error = #expect(throws: ConfigurationError.self) { try DatabaseSettings(config: config) }
        #expect(error?.description.contains("DATABASE_POOL_SIZE") == true)
    }
}
