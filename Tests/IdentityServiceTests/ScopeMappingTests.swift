import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

/// Clients with `fullScopeAllowed` off put only scope-mapped roles (and their own roles) in tokens.
@Suite struct ScopeMappingTests {
    func realmRoles(_ token: String) throws -> Set<String> {
        let payload = try #require(Base64URL.decode(String(token.split(separator: ".")[1])))
        let claims = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        return Set((claims["realm_access"] as? [String: Any])?["roles"] as? [String] ?? [])
    }

    @Test func onlyScopeMappedRolesReachTheTokens() async throws {
        try await IdentityHarness.with { h in
            try await h.application().test(.router) { client in
                let token = try await AdminAPITests().setUp(h, client: client)
                let realm = try #require(try await h.stores.realms.realm(named: "test", logger: h.logger))
                for name in ["reader", "writer", "bundle"] {
                    try await h.stores.roles.create(Role(realmID: realm.id, name: name), logger: h.logger)
                }
                let bundle = try #require(try await h.stores.roles.role(realmID: realm.id, clientID: nil, name: "bundle", logger: h.logger))
                let writer = try #require(try await h.stores.roles.role(realmID: realm.id, clientID: nil, name: "writer", logger: h.logger))
                try await h.stores.roles.addComposites([writer.id], to: bundle.id, logger: h.logger)
                let narrow = try await h.makeClient(realm, "narrow") {
                    $0.secret = "s3cret"; $0.directAccessGrantsEnabled = true; $0.fullScopeAllowed = false
                }
                try await h.makeClient(realm, "wide") { $0.secret = "s3cret"; $0.directAccessGrantsEnabled = true }
                try await h.makeUser(realm, "alice", roles: ["reader", "writer"])

                func grant(_ clientID: String) async throws -> Set<String> {
                    let response = try await client.execute(uri: "/realms/test/protocol/openid-connect/token", method: .post,
                                                            headers: formHeaders(basic: (clientID, "s3cret")),
                                                            body: formBody(["grant_type": "password", "username": "alice", "password": "correct horse"]))
                    #expect(response.status == .ok)
                    return try realmRoles(try #require(try jsonObject(response.body)["access_token"] as? String))
                }
                #expect(try await grant("wide").isSuperset(of: ["reader", "writer", "default-roles-test"]))
                #expect(try await grant("narrow").isEmpty)

                let base = "/admin/realms/test/clients/\(narrow.id.uuidString.lowercased())/scope-mappings"
                let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
                let add = try await client.execute(uri: "\(base)/realm", method: .post, headers: headers,
                                                   body: ByteBuffer(string: #"[{"name":"reader"},{"name":"bundle"}]"#))
                #expect(add.status == .noContent)
                let listed = try await client.execute(uri: "\(base)/realm", method: .get, headers: headers)
                let names = try JSONSerialization.jsonObject(with: Data(listed.body.readableBytesView)) as? [[String: Any]]
                #expect(Set(names?.compactMap { $0["name"] as? String } ?? []) == ["reader", "bundle"])
                // reader directly; writer through the scope-mapped composite `bundle`; not the default role.
                #expect(try await grant("narrow") == ["reader", "writer"])
                let all = try jsonObject(try await client.execute(uri: base, method: .get, headers: headers).body)
                #expect((all["realmMappings"] as? [[String: Any]])?.count == 2)

                let remove = try await client.execute(uri: "\(base)/realm", method: .delete, headers: headers,
                                                      body: ByteBuffer(string: #"[{"name":"bundle"}]"#))
                #expect(remove.status == .noContent)
                #expect(try await grant("narrow") == ["reader"])
                let unknown = try await client.execute(uri: "\(base)/realm", method: .post, headers: headers,
                                                       body: ByteBuffer(string: #"[{"name":"nope"}]"#))
                #expect(unknown.status == .notFound)

                let exported = try await RealmExporter(stores: h.stores).export(realmNamed: "test", logger: h.logger)
                let object = try #require(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
                let mappings = try #require(object["scopeMappings"] as? [[String: Any]])
                #expect(mappings.count == 1 && mappings[0]["client"] as? String == "narrow" && mappings[0]["roles"] as? [String] == ["reader"])
            }
        }
    }

    @Test func scopeMappingsImportFromRealmFiles() async throws {
        try await IdentityHarness.with { h in
            let file = """
            {"realm": "scoped", "passwordPolicy": "hashIterations(1000)",
             "roles": {"realm": [{"name": "reader"}, {"name": "writer"}], "client": {"api": [{"name": "call"}]}},
             "clients": [{"clientId": "narrow", "secret": "s", "fullScopeAllowed": false}, {"clientId": "api", "secret": "s"}],
             "scopeMappings": [{"client": "narrow", "roles": ["reader"]}, {"clientScope": "offline_access", "roles": ["writer"]}],
             "clientScopeMappings": {"api": [{"client": "narrow", "roles": ["call"]}]}}
            """
            _ = try await RealmImporter(stores: h.stores).importRealm(Data(file.utf8), strategy: .skip, logger: h.logger)
            let realm = try #require(try await h.stores.realms.realm(named: "scoped", logger: h.logger))
            let narrow = try #require(try await h.stores.clients.client(realmID: realm.id, clientID: "narrow", logger: h.logger))
            let api = try #require(try await h.stores.clients.client(realmID: realm.id, clientID: "api", logger: h.logger))
            #expect(try await h.stores.roles.mappings(of: .clientScope(narrow.id), clientID: nil, logger: h.logger).map(\.name) == ["reader"])
            #expect(try await h.stores.roles.mappings(of: .clientScope(narrow.id), clientID: api.id, logger: h.logger).map(\.name) == ["call"])
        }
    }
}

/// Offline sessions: separate from the SSO session, offline timeouts, survive online logout.
@Suite struct OfflineSessionTests {
    @Test func offlineSessionsUseOfflineTimeoutsAndSurviveUserLogout() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm { $0.ssoSessionIdleTimeout = 60; $0.offlineSessionIdleTimeout = 3600 }
            let user = try await h.makeUser(realm, "alice")
            let old = Date().addingTimeInterval(-600)
            let online = SSOSession(realmID: realm.id, userID: user.id, authTime: old, lastRefresh: old)
            let offline = SSOSession(realmID: realm.id, userID: user.id, authTime: old, lastRefresh: old, offline: true)
            #expect(!online.isActive(realm.settings, now: Date()))
            #expect(offline.isActive(realm.settings, now: Date()))
            try await h.stores.sessions.create(online, ipAddress: nil, logger: h.logger)
            try await h.stores.sessions.create(offline, ipAddress: nil, logger: h.logger)
            try await h.stores.sessions.deleteSessions(userID: user.id, logger: h.logger)
            #expect(try await h.stores.sessions.session(id: online.id, logger: h.logger) == nil)
            #expect(try await h.stores.sessions.session(id: offline.id, logger: h.logger)?.offline == true)
            try await h.stores.grants.purgeExpired(before: Date(), logger: h.logger)
            #expect(try await h.stores.sessions.session(id: offline.id, logger: h.logger) != nil)
            try await h.stores.sessions.deleteOfflineSessions(userID: user.id, clientID: nil, logger: h.logger)
            #expect(try await h.stores.sessions.session(id: offline.id, logger: h.logger) == nil)
        }
    }
}
