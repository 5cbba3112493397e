import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

@Suite struct AdminAPITests {
    /// Master realm with admin "root" (cheap hashing) and realm "test"; returns a master admin token.
    func setUp(_ h: IdentityHarness, client: some TestClientProtocol) async throws -> String {
        var master = try await MasterRealmBootstrap(stores: h.stores).run(adminUser: "root", adminPassword: nil, logger: h.logger)
        master.settings.passwordPolicy = "hashIterations(1000)"
        try await h.stores.realms.update(master, logger: h.logger)
        _ = try await MasterRealmBootstrap(stores: h.stores).run(adminUser: "root", adminPassword: "pw", logger: h.logger)
        _ = try await h.makeRealm("test")
        let response = try await client.execute(uri: "/realms/master/protocol/openid-connect/token", method: .post, headers: formHeaders(),
                                                body: formBody(["grant_type": "password", "client_id": "admin-cli", "username": "root", "password": "pw"]))
        #expect(response.status == .ok)
        return try #require(try jsonObject(response.body)["access_token"] as? String)
    }

    func json(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    @Test func userLifecycleWithKeycloakStatusCodes() async throws {
        try await IdentityHarness.with { h in
            try await h.application().test(.router) { client in
                let token = try await setUp(h, client: client)
                let created = try await client.execute(uri: "/admin/realms/test/users", method: .post, headers: json(token),
                                                       body: ByteBuffer(string: #"{"username":"Bob","email":"bob@example.org","enabled":true}"#))
                #expect(created.status == .created)
                let location = try #require(created.headers[.location])
                #expect(location.hasPrefix("/admin/realms/test/users/"))
                let id = String(location.split(separator: "/").last!)
                let duplicate = try await client.execute(uri: "/admin/realms/test/users", method: .post, headers: json(token),
                                                         body: ByteBuffer(string: #"{"username":"bob"}"#))
                #expect(duplicate.status == .conflict)
                let count = try await client.execute(uri: "/admin/realms/test/users/count", method: .get, headers: json(token))
                #expect(String(buffer: count.body) == "1")
                let reset = try await client.execute(uri: "/admin/realms/test/users/\(id)/reset-password", method: .put, headers: json(token),
                                                     body: ByteBuffer(string: #"{"type":"password","value":"new pass","temporary":true}"#))
                #expect(reset.status == .noContent)
                let update = try await client.execute(uri: "/admin/realms/test/users/\(id)", method: .put, headers: json(token),
                                                      body: ByteBuffer(string: #"{"firstName":"Robert"}"#))
                #expect(update.status == .noContent)
                let fetched = try jsonObject(try await client.execute(uri: "/admin/realms/test/users/\(id)", method: .get, headers: json(token)).body)
                #expect(fetched["firstName"] as? String == "Robert")
                #expect(fetched["email"] as? String == "bob@example.org", "fields omitted from a PUT stay unchanged")
                #expect(fetched["requiredActions"] as? [String] == ["UPDATE_PASSWORD"])
                let roles = try await client.execute(uri: "/admin/realms/test/users/\(id)/role-mappings/realm", method: .get, headers: json(token))
                #expect(String(buffer: roles.body).contains("default-roles-test"))
                let delete = try await client.execute(uri: "/admin/realms/test/users/\(id)", method: .delete, headers: json(token))
                #expect(delete.status == .noContent)
                let gone = try await client.execute(uri: "/admin/realms/test/users/\(id)", method: .get, headers: json(token))
                #expect(gone.status == .notFound)
            }
        }
    }

    @Test func unauthenticatedAndUnauthorizedCallers() async throws {
        try await IdentityHarness.with { h in
            try await h.application().test(.router) { client in
                _ = try await setUp(h, client: client)
                let anonymous = try await client.execute(uri: "/admin/realms/test/users", method: .get)
                #expect(anonymous.status == .unauthorized)
                let forged = try await client.execute(uri: "/admin/realms/test/users", method: .get, headers: [.authorization: "Bearer a.b.c"])
                #expect(forged.status == .unauthorized)
                let realm = try #require(try await h.stores.realms.realm(named: "test", logger: h.logger))
                try await h.makeClient(realm, "app") { $0.secret = "s"; $0.directAccessGrantsEnabled = true }
                try await h.makeUser(realm, "plain")
                let login = try await client.execute(uri: "/realms/test/protocol/openid-connect/token", method: .post, headers: formHeaders(basic: ("app", "s")),
                                                     body: formBody(["grant_type": "password", "username": "plain", "password": "correct horse"]))
                let token = try #require(try jsonObject(login.body)["access_token"] as? String)
                let denied = try await client.execute(uri: "/admin/realms/test/users", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(denied.status == .forbidden)
            }
        }
    }

    @Test func clientSecretGetAndRegenerate() async throws {
        try await IdentityHarness.with { h in
            try await h.application().test(.router) { client in
                let token = try await setUp(h, client: client)
                let realm = try #require(try await h.stores.realms.realm(named: "test", logger: h.logger))
                let backend = try await h.makeClient(realm, "backend") { $0.secret = "first" }
                let listed = try await client.execute(uri: "/admin/realms/test/clients?clientId=backend", method: .get, headers: json(token))
                let clients = try JSONSerialization.jsonObject(with: Data(listed.body.readableBytesView)) as? [[String: Any]]
                #expect(clients?.count == 1)
                #expect(clients?.first?["id"] as? String == backend.id.uuidString.lowercased())
                let path = "/admin/realms/test/clients/\(backend.id.uuidString.lowercased())/client-secret"
                #expect(try jsonObject(try await client.execute(uri: path, method: .get, headers: json(token)).body)["value"] as? String == "first")
                let regenerated = try jsonObject(try await client.execute(uri: path, method: .post, headers: json(token)).body)["value"] as? String
                #expect(regenerated != nil && regenerated != "first")
                let stored = try await h.stores.clients.client(realmID: realm.id, clientID: "backend", logger: h.logger)
                #expect(stored?.secret == regenerated)
            }
        }
    }

    @Test func realmRolesAndGroups() async throws {
        try await IdentityHarness.with { h in
            try await h.application().test(.router) { client in
                let token = try await setUp(h, client: client)
                let role = try await client.execute(uri: "/admin/realms/test/roles", method: .post, headers: json(token),
                                                    body: ByteBuffer(string: #"{"name":"reader","description":"reads"}"#))
                #expect(role.status == .created)
                let fetched = try jsonObject(try await client.execute(uri: "/admin/realms/test/roles/reader", method: .get, headers: json(token)).body)
                #expect(fetched["description"] as? String == "reads")
                let group = try await client.execute(uri: "/admin/realms/test/groups", method: .post, headers: json(token),
                                                     body: ByteBuffer(string: #"{"name":"radiology"}"#))
                #expect(group.status == .created)
                let groupID = String(try #require(group.headers[.location]).split(separator: "/").last!)
                let mapped = try await client.execute(uri: "/admin/realms/test/groups/\(groupID)/role-mappings/realm", method: .post, headers: json(token),
                                                      body: ByteBuffer(string: #"[{"name":"reader"}]"#))
                #expect(mapped.status == .noContent)
                let realm = try #require(try await h.stores.realms.realm(named: "test", logger: h.logger))
                let user = try await h.makeUser(realm, "member")
                let join = try await client.execute(uri: "/admin/realms/test/users/\(user.id.uuidString.lowercased())/groups/\(groupID)", method: .put,
                                                    headers: json(token))
                #expect(join.status == .noContent)
                #expect(try await h.stores.roles.effectiveRoles(userID: user.id, logger: h.logger).realm.contains("reader"))
                let members = try await client.execute(uri: "/admin/realms/test/groups/\(groupID)/members", method: .get, headers: json(token))
                #expect(String(buffer: members.body).contains("\"member\""))
            }
        }
    }

    @Test func realmManagementRolesLimitARealmAdmin() async throws {
        try await IdentityHarness.with { h in
            try await h.application().test(.router) { client in
                _ = try await setUp(h, client: client)
                let realm = try #require(try await h.stores.realms.realm(named: "test", logger: h.logger))
                try await h.makeClient(realm, "app") { $0.secret = "s"; $0.directAccessGrantsEnabled = true }
                let viewer = try await h.makeUser(realm, "viewer")
                let management = try #require(try await h.stores.clients.client(realmID: realm.id, clientID: "realm-management", logger: h.logger))
                let viewUsers = try #require(try await h.stores.roles.role(realmID: realm.id, clientID: management.id, name: "view-users", logger: h.logger))
                try await h.stores.roles.grant([viewUsers.id], to: .user(viewer.id), logger: h.logger)
                let login = try await client.execute(uri: "/realms/test/protocol/openid-connect/token", method: .post, headers: formHeaders(basic: ("app", "s")),
                                                     body: formBody(["grant_type": "password", "username": "viewer", "password": "correct horse"]))
                let token = try #require(try jsonObject(login.body)["access_token"] as? String)
                let list = try await client.execute(uri: "/admin/realms/test/users", method: .get, headers: json(token))
                #expect(list.status == .ok)
                let create = try await client.execute(uri: "/admin/realms/test/users", method: .post, headers: json(token),
                                                      body: ByteBuffer(string: #"{"username":"x"}"#))
                #expect(create.status == .forbidden)
                let otherRealm = try await client.execute(uri: "/admin/realms/master/users", method: .get, headers: json(token))
                #expect(otherRealm.status == .forbidden)
                let realms = try await client.execute(uri: "/admin/realms", method: .get, headers: json(token))
                #expect(realms.status == .forbidden)
            }
        }
    }
}
