import Foundation
import Testing
@testable import IdentityService

@Suite struct RealmImportTests {
    static var seedFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/realms/ohif-realm.json")
    }

    func seed() throws -> Data {
        let text = try String(contentsOf: Self.seedFile, encoding: .utf8)
        return Data(try PlaceholderExpander.expand(text, values: ["PUBLIC_URL": "https://pacs.example.org", "PACS_CLIENT_SECRET": "pacs-secret"]).utf8)
    }

    @Test func seedRealmImportsOnceAndAgainWithoutDuplicates() async throws {
        try await IdentityHarness.with { h in
            let importer = RealmImporter(stores: h.stores)
            #expect(try await importer.importRealm(try seed(), strategy: .skip, logger: h.logger).outcome == .imported)
            #expect(try await importer.importRealm(try seed(), strategy: .skip, logger: h.logger).outcome == .skipped)
            #expect(try await importer.importRealm(try seed(), strategy: .overwrite, logger: h.logger).outcome == .overwritten)
            let realm = try #require(try await h.stores.realms.realm(named: "ohif", logger: h.logger))
            #expect(try await h.stores.realms.realms(logger: h.logger).map(\.name) == ["ohif"])
            #expect(realm.settings.revokeRefreshToken)
            #expect(realm.settings.loginTheme == "ohif")
            let viewer = try #require(try await h.stores.clients.client(realmID: realm.id, clientID: "ohif-viewer", logger: h.logger))
            #expect(viewer.publicClient)
            #expect(viewer.redirectURIs == ["https://pacs.example.org/callback"])
            #expect(viewer.requiredPKCEMethod == "S256")
            let pacs = try #require(try await h.stores.clients.client(realmID: realm.id, clientID: "pacs", logger: h.logger))
            #expect(pacs.secret == "pacs-secret")
            #expect(try await h.stores.users.serviceAccountUser(clientID: pacs.id, logger: h.logger)?.username == "service-account-pacs")
            let defaults = try await h.stores.roles.composites(of: try #require(realm.defaultRoleID), logger: h.logger)
            #expect(defaults.map(\.name) == ["offline_access", "pacs-read", "pacs-write"])
            let roles = try await h.stores.roles.roles(realmID: realm.id, clientID: nil, search: nil, first: 0, max: 100, logger: h.logger)
            #expect(roles.map(\.name) == ["default-roles-ohif", "offline_access", "pacs-admin", "pacs-read", "pacs-write"])
        }
    }

    @Test func legacyDefaultRolesHashedAndTemporaryCredentials() async throws {
        let realmJSON = #"""
        {
          "realm": "legacy", "enabled": true, "passwordPolicy": "hashIterations(1000)",
          "roles": {"realm": [{"name": "reader"}, {"name": "super", "composite": true, "composites": {"realm": ["reader"]}}]},
          "defaultRoles": ["reader"],
          "groups": [{"name": "staff", "realmRoles": ["super"], "subGroups": [{"name": "night"}]}],
          "users": [
            {"username": "migrated", "enabled": true, "groups": ["/staff/night"],
             "credentials": [{"type": "password",
               "secretData": "{\"value\":\"JsfNbCOIdZUbyBJ+BT+VoGI91Ec2rWLOvkLPDaX8e9k=\",\"salt\":\"P5rtFkGtPfoaryJ6PizUJw==\",\"additionalParameters\":{}}",
               "credentialData": "{\"hashIterations\":27500,\"algorithm\":\"pbkdf2-sha256\",\"additionalParameters\":{}}"}]},
            {"username": "newbie", "enabled": true, "realmRoles": ["default-roles-legacy"],
             "credentials": [{"type": "password", "value": "initial", "temporary": true}]}
          ]
        }
        """#
        try await IdentityHarness.with { h in
            _ = try await RealmImporter(stores: h.stores).importRealm(Data(realmJSON.utf8), strategy: .skip, logger: h.logger)
            let realm = try #require(try await h.stores.realms.realm(named: "legacy", logger: h.logger))
            let authenticator = UserAuthenticator(users: h.stores.users, failures: h.stores.loginFailures, events: h.flows.events)
            let migrated = try await authenticator.authenticate(login: "migrated", password: "password", realm: realm, clientID: "x", ipAddress: nil, logger: h.logger)
            #expect(try await h.stores.roles.effectiveRoles(userID: migrated.id, logger: h.logger).realm == ["super", "reader"])
            let newbie = try await authenticator.authenticate(login: "newbie", password: "initial", realm: realm, clientID: "x", ipAddress: nil, logger: h.logger)
            #expect(newbie.requiredActions == ["UPDATE_PASSWORD"])
            #expect(try await h.stores.roles.effectiveRoles(userID: newbie.id, logger: h.logger).realm == ["default-roles-legacy", "offline_access", "reader"])
        }
    }

    @Test func brokenFileLeavesNoHalfWrittenRealm() async throws {
        let broken = #"{"realm": "broken", "users": [{"username": "x", "realmRoles": ["missing-role"]}]}"#
        try await IdentityHarness.with { h in
            await #expect(throws: IdentityError.self) {
                _ = try await RealmImporter(stores: h.stores).importRealm(Data(broken.utf8), strategy: .skip, logger: h.logger)
            }
            let leftover = try await h.stores.realms.realm(named: "broken", logger: h.logger)
            #expect(leftover == nil)
        }
    }

    @Test func masterBootstrapIsIdempotent() async throws {
        try await IdentityHarness.with { h in
            let bootstrap = MasterRealmBootstrap(stores: h.stores)
            let master = try await bootstrap.run(adminUser: "root", adminPassword: "pw", logger: h.logger)
            _ = try await bootstrap.run(adminUser: "root", adminPassword: "pw", logger: h.logger)
            let adminCLI = try #require(try await h.stores.clients.client(realmID: master.id, clientID: "admin-cli", logger: h.logger))
            #expect(adminCLI.publicClient && adminCLI.directAccessGrantsEnabled)
            let user = try #require(try await h.stores.users.user(realmID: master.id, usernameOrEmail: "root", orEmail: false, logger: h.logger))
            #expect(try await h.stores.roles.effectiveRoles(userID: user.id, logger: h.logger).realm.contains("admin"))
            var query = UserQuery()
            query.search = "root"
            #expect(try await h.stores.users.count(realmID: master.id, query: query, logger: h.logger) == 1)
        }
    }
}
