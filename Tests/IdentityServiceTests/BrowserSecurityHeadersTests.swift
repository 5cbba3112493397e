import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import PostgresSupport
import Testing
import TestSupport
@testable import IdentityService

/// A realm's `browserSecurityHeaders`: Keycloak's defaults, partial updates, validation,
/// migration 0007 on real PostgreSQL, import/export, and the headers on the realm's pages.
@Suite struct BrowserSecurityHeadersTests {
    @Test func newRealmsGetKeycloaksDefaultsAndPartialUpdatesKeepTheRest() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let admin = RealmAdmin(flows: h.flows)
            let representation = try await admin.representation(realm, logger: h.logger)
            let headers = try #require(representation["browserSecurityHeaders"] as? [String: String])
            #expect(headers["xFrameOptions"] == "SAMEORIGIN")
            #expect(headers["contentSecurityPolicy"] == "frame-src 'self'; frame-ancestors 'self'; object-src 'none';")
            #expect(headers["strictTransportSecurity"] == "max-age=31536000; includeSubDomains")
            #expect(headers["xRobotsTag"] == "none" && headers["referrerPolicy"] == "no-referrer" && headers["xContentTypeOptions"] == "nosniff")
            #expect(headers["contentSecurityPolicyReportOnly"] == "" && headers["xXSSProtection"] == "")

            try await admin.update(realm, json: ["browserSecurityHeaders": ["xFrameOptions": "DENY", "referrerPolicy": ""], "accessTokenLifespan": 120],
                                   logger: h.logger)
            let stored = try #require(try await h.stores.realms.realm(named: realm.name, logger: h.logger))
            #expect(stored.settings.browserSecurityHeaders["xFrameOptions"] == "DENY")
            #expect(stored.settings.browserSecurityHeaders["referrerPolicy"] == "")
            #expect(stored.settings.browserSecurityHeaders["xRobotsTag"] == "none")
            #expect(stored.settings.accessTokenLifespan == 120)
            #expect(stored.settings.browserSecurityHeaders.fields.map(\.name).contains("Referrer-Policy") == false)

            try await admin.update(stored, json: ["displayName": "Unchanged headers"], logger: h.logger)
            let again = try #require(try await h.stores.realms.realm(named: realm.name, logger: h.logger))
            #expect(again.settings.browserSecurityHeaders == stored.settings.browserSecurityHeaders)
            let events = try await h.stores.events.events(realmID: realm.id, types: ["ADMIN_UPDATE"], first: 0, max: 10, logger: h.logger)
            #expect(events.count == 2)
        }
    }

    @Test func headerValuesThatCouldSplitAHeaderAreRefused() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let admin = RealmAdmin(flows: h.flows)
            for bad in ["DENY\r\nSet-Cookie: x=1", "DENY\n", "a\u{7}b", "caf\u{e9}", String(repeating: "a", count: 4097)] {
                await #expect(throws: IdentityError.self) {
                    try await admin.update(realm, json: ["browserSecurityHeaders": ["xFrameOptions": bad]], logger: h.logger)
                }
            }
            do {
                try await admin.update(realm, json: ["browserSecurityHeaders": ["contentSecurityPolicy": "a\r\nb"]], logger: h.logger)
                Issue.record("accepted a line break")
            } catch let error as IdentityError {
                #expect(error.status == .badRequest)
                #expect(error.reason.contains("contentSecurityPolicy") && error.reason.contains("line breaks"))
            }
            await #expect(throws: IdentityError.self) {
                try await admin.update(realm, json: ["browserSecurityHeaders": ["xFrameOptions": 5]], logger: h.logger)
            }
            let unchanged = try #require(try await h.stores.realms.realm(named: realm.name, logger: h.logger))
            #expect(unchanged.settings.browserSecurityHeaders == BrowserSecurityHeaders())

            // The database refuses them too, whatever writes them.
            await #expect(throws: PSQLError.self) {
                try await h.client.query("""
                    UPDATE realms SET settings = jsonb_set(settings, '{browserSecurityHeaders,xFrameOptions}', to_jsonb(\("DENY\r\nX-Evil: 1")::text))
                    """, logger: h.logger)
            }
            // Realm files are checked on import.
            let file = #"{"realm": "imported", "browserSecurityHeaders": {"xRobotsTag": "none\r\nX: y"}}"#
            await #expect(throws: IdentityError.self) { _ = try await admin.create(Data(file.utf8), logger: h.logger) }
        }
    }

    @Test func migrationWritesDefaultsIntoExistingRealms() async throws {
        try await TestDatabase.with { database in
            let logger = Logger.quiet("identity-tests")
            let runtime = DatabaseRuntime(settings: database.settings, schema: identitySchema, logger: logger)
            try await runtime.client.running {
                let migrations = try identityMigrations()
                try await runtime.migrate(migrations.filter { $0.version < 7 }, logger: logger)
                let old = UUID(), framed = UUID()
                try await runtime.client.query("""
                    INSERT INTO realms (id, name, settings) VALUES (\(old), 'old', '{"accessTokenLifespan": 77}'),
                        (\(framed), 'framed', '{"browserSecurityHeaders": {"xFrameOptions": "DENY"}}')
                    """, logger: logger)
                try await runtime.migrate(migrations, logger: logger)
                let rows = try await runtime.client.query(
                    "SELECT name, settings -> 'browserSecurityHeaders' ->> 'xFrameOptions', settings ->> 'accessTokenLifespan' FROM realms ORDER BY name",
                    logger: logger)
                var found: [String: (String?, String?)] = [:]
                for try await (name, frame, lifespan) in rows.decode((String, String?, String?).self) { found[name] = (frame, lifespan) }
                #expect(found["old"]?.0 == "SAMEORIGIN" && found["old"]?.1 == "77")
                #expect(found["framed"]?.0 == "DENY")
                let store = PostgresRealmStore(client: runtime.client)
                let loaded = try #require(try await store.realm(named: "framed", logger: logger))
                #expect(loaded.settings.browserSecurityHeaders["contentSecurityPolicy"] == BrowserSecurityHeaders()["contentSecurityPolicy"])
                let fresh = UUID()
                try await runtime.client.query("INSERT INTO realms (id, name) VALUES (\(fresh), 'fresh')", logger: logger)
                #expect(try await store.realm(named: "fresh", logger: logger)?.settings.browserSecurityHeaders == BrowserSecurityHeaders())
            }
        }
    }

    @Test func importAndExportCarryTheHeaders() async throws {
        try await IdentityHarness.with { h in
            let file = #"{"realm": "imported", "browserSecurityHeaders": {"xFrameOptions": "DENY", "xXSSProtection": "1; mode=block", "unknownHeader": "x"}}"#
            _ = try await RealmAdmin(flows: h.flows).create(Data(file.utf8), logger: h.logger)
            let realm = try #require(try await h.stores.realms.realm(named: "imported", logger: h.logger))
            #expect(realm.settings.browserSecurityHeaders["xFrameOptions"] == "DENY")
            #expect(realm.settings.browserSecurityHeaders["xXSSProtection"] == "1; mode=block")
            #expect(realm.settings.browserSecurityHeaders["referrerPolicy"] == "no-referrer")
            let exported = try await RealmExporter(stores: h.stores).export(realmNamed: "imported", logger: h.logger)
            let object = try #require(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
            let headers = try #require(object["browserSecurityHeaders"] as? [String: String])
            #expect(headers["xFrameOptions"] == "DENY" && headers["unknownHeader"] == nil && headers.count == BrowserSecurityHeaders.headers.count)
        }
    }

    @Test func realmPagesCarryTheRealmsHeadersAndOtherAnswersTheDefaults() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            try await h.makeClient(realm, "spa") {
                $0.publicClient = true
                $0.redirectUris = ["https://app.example.org/cb"]
            }
            try await RealmAdmin(flows: h.flows).update(realm, json: ["browserSecurityHeaders": [
                "contentSecurityPolicy": "default-src 'self'; frame-ancestors 'none'", "xFrameOptions": "DENY", "referrerPolicy": "",
                "contentSecurityPolicyReportOnly": "script-src 'none'",
            ]], logger: h.logger)
            let other = try await h.makeRealm("other")
            try await h.makeClient(other, "spa") {
                $0.publicClient = true
                $0.redirectUris = ["https://app.example.org/cb"]
            }
            try await h.application().test(.router) { client in
                let query = "client_id=spa&redirect_uri=https%3A%2F%2Fapp.example.org%2Fcb&response_type=code&scope=openid&code_challenge="
                    + String(repeating: "a", count: 43) + "&code_challenge_method=S256"
                let login = try await client.execute(uri: "/realms/test/protocol/openid-connect/auth?\(query)", method: .get)
                #expect(login.status == .ok)
                #expect(login.headers[values: .contentSecurityPolicy] == ["default-src 'self'; frame-ancestors 'none'"])
                #expect(login.headers[.xFrameOptions] == "DENY")
                #expect(login.headers[HTTPField.Name("Content-Security-Policy-Report-Only")!] == "script-src 'none'")
                #expect(login.headers[HTTPField.Name("Strict-Transport-Security")!] == "max-age=31536000; includeSubDomains")
                #expect(login.headers[HTTPField.Name("X-Robots-Tag")!] == "none")
                #expect(login.headers[HTTPField.Name("Referrer-Policy")!] == nil)
                #expect(login.headers[.realmSecurityHeaders] == nil)

                let error = try await client.execute(uri: "/realms/test/protocol/openid-connect/auth?client_id=nobody", method: .get)
                #expect(error.status == .badRequest && error.headers[.xFrameOptions] == "DENY")
                let otherLogin = try await client.execute(uri: "/realms/other/protocol/openid-connect/auth?\(query)", method: .get)
                #expect(otherLogin.headers[.xFrameOptions] == "SAMEORIGIN")
                #expect(otherLogin.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")

                let discovery = try await client.execute(uri: "/realms/test/.well-known/openid-configuration", method: .get)
                #expect(discovery.headers[.xFrameOptions] == "SAMEORIGIN" && discovery.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
        }
    }

    @Test func consolePagesKeepTheirOwnPolicyAndAddTheSignInRealms() async throws {
        try await IdentityHarness.with { h in
            let setUp = try await ConsoleRoutesTests().setUp(h)
            try await RealmAdmin(flows: h.flows).update(setUp.master, json: ["browserSecurityHeaders": ["contentSecurityPolicy": "frame-ancestors 'none'",
                                                                                                         "xFrameOptions": "DENY"]], logger: h.logger)
            let master = try #require(try await h.stores.realms.realm(named: "master", logger: h.logger))
            let (cookie, _) = try await ConsoleRoutesTests().cookies(h, realm: master, user: setUp.admin)
            try await h.application().test(.router) { client in
                let page = try await client.execute(uri: "/admin/console/realms/test/settings", method: .get, headers: [.cookie: cookie])
                #expect(page.status == .ok)
                #expect(page.headers[values: .contentSecurityPolicy] == [ConsoleRenderer.contentSecurityPolicy, "frame-ancestors 'none'"])
                #expect(page.headers[.xFrameOptions] == "DENY")
                let html = String(buffer: page.body)
                #expect(html.contains("id=\"header-contentSecurityPolicy\"") && html.contains("frame-src &#39;self&#39;"))

                // The account page carries its own realm's headers.
                let user = try await h.makeUser(setUp.realm, "patient")
                let (account, _) = try await ConsoleRoutesTests().cookies(h, realm: setUp.realm, user: user, clientID: ConsoleClients.accountConsole)
                let profile = try await client.execute(uri: "/realms/test/account", method: .get, headers: [.cookie: account])
                #expect(profile.status == .ok && profile.headers[.xFrameOptions] == "SAMEORIGIN")
                #expect(profile.headers[values: .contentSecurityPolicy] == [ConsoleRenderer.contentSecurityPolicy, BrowserSecurityHeaders()["contentSecurityPolicy"]])
            }
        }
    }

    @Test func theConsoleSavesHeadersOnlyForRealmManagersAndShowsProblemsInline() async throws {
        try await IdentityHarness.with { h in
            let tests = ConsoleRoutesTests()
            let setUp = try await tests.setUp(h)
            let viewer = try await h.makeUser(setUp.realm, "viewer")
            let management = try #require(try await h.stores.clients.client(realmID: setUp.realm.id, clientID: RealmProvisioner.managementClientID,
                                                                             logger: h.logger))
            let viewRealm = try #require(try await h.stores.roles.role(realmID: setUp.realm.id, clientID: management.id, name: "view-realm", logger: h.logger))
            try await h.stores.roles.grant([viewRealm.id], to: .user(viewer.id), logger: h.logger)
            let (viewerCookie, _) = try await tests.cookies(h, realm: setUp.realm, user: viewer)
            let master = try #require(try await h.stores.realms.realm(named: "master", logger: h.logger))
            let (adminCookie, _) = try await tests.cookies(h, realm: master, user: setUp.admin)
            var fields = ["csrf_token": ConsoleRoutesTests.csrf, "enabled": "on", "loginTheme": "default", "header-xFrameOptions": "DENY"]
            for (key, _) in ConsoleRealmPages.numbers { fields[key] = "60" }
            fields["accessTokenLifespan"] = "300"
            let form = fields
            try await h.application().test(.router) { client in
                func save(_ fields: [String: String], cookie: String) async throws -> TestResponse {
                    let (headers, body) = tests.post(fields, cookie: cookie)
                    return try await client.execute(uri: "/admin/console/realms/test/settings", method: .post, headers: headers, body: body)
                }
                #expect(try await save(form, cookie: viewerCookie).status == .forbidden)
                #expect(try await save(form.merging(["csrf_token": "x"]) { _, new in new }, cookie: adminCookie).status == .badRequest)
                var bad = form
                bad["header-contentSecurityPolicy"] = "default-src 'self'\u{0}"
                let refused = try await save(bad, cookie: adminCookie)
                #expect(refused.status == .badRequest)
                let html = String(buffer: refused.body)
                #expect(html.contains("id=\"header-contentSecurityPolicy-error\"") && html.contains("Check the Content-Security-Policy header."))
                #expect(!html.contains("header-xFrameOptions-error"))
                #expect(try await save(form, cookie: adminCookie).status == .seeOther)
            }
            let saved = try #require(try await h.stores.realms.realm(named: "test", logger: h.logger))
            #expect(saved.settings.browserSecurityHeaders["xFrameOptions"] == "DENY")
            #expect(saved.settings.browserSecurityHeaders["contentSecurityPolicy"] == BrowserSecurityHeaders()["contentSecurityPolicy"])
            let events = try await h.stores.events.events(realmID: saved.id, types: ["ADMIN_UPDATE"], first: 0, max: 10, logger: h.logger)
            #expect(events.count == 1)
        }
    }
}
