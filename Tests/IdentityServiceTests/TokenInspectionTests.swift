import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

@Suite struct TokenInspectionTests {
    static let base = "/realms/test/protocol/openid-connect"

    func setUp(_ h: IdentityHarness) async throws -> Realm {
        let realm = try await h.makeRealm()
        try await h.makeClient(realm, "backend") { $0.secret = "s3cret"; $0.directAccessGrantsEnabled = true }
        try await h.makeClient(realm, "spa") { $0.publicClient = true; $0.directAccessGrantsEnabled = true }
        try await h.makeUser(realm, "alice", email: "alice@example.org")
        return realm
    }

    func tokens(_ client: some TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.execute(uri: "\(Self.base)/token", method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                                body: formBody(["grant_type": "password", "username": "alice", "password": "correct horse", "scope": "openid"]))
        #expect(response.status == .ok)
        return try jsonObject(response.body)
    }

    func userinfo(_ client: some TestClientProtocol, _ token: String) async throws -> TestResponse {
        try await client.execute(uri: "\(Self.base)/userinfo", method: .get, headers: [.authorization: "Bearer \(token)"])
    }

    func introspect(_ client: some TestClientProtocol, _ token: String, basic: (String, String) = ("backend", "s3cret")) async throws -> TestResponse {
        try await client.execute(uri: "\(Self.base)/token/introspect", method: .post, headers: formHeaders(basic: basic), body: formBody(["token": token]))
    }

    @Test func userinfoAndIntrospection() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                let access = try #require(try await tokens(client)["access_token"] as? String)
                let info = try await userinfo(client, access)
                #expect(info.status == .ok)
                let claims = try jsonObject(info.body)
                #expect(claims["preferred_username"] as? String == "alice")
                #expect(claims["email"] as? String == "alice@example.org")
                let active = try jsonObject(try await introspect(client, access).body)
                #expect(active["active"] as? Bool == true)
                #expect(active["username"] as? String == "alice")
                #expect(active["client_id"] as? String == "backend")
                #expect(try jsonObject(try await introspect(client, "garbage").body)["active"] as? Bool == false)
                let publicCaller = try await client.execute(uri: "\(Self.base)/token/introspect", method: .post, headers: formHeaders(),
                                                            body: formBody(["token": access, "client_id": "spa"]))
                #expect(publicCaller.status == .badRequest)
                let badSecret = try await introspect(client, access, basic: ("backend", "nope"))
                #expect(badSecret.status == .unauthorized)
            }
        }
    }

    @Test func tamperedTokensAreRejected() async throws {
        try await IdentityHarness.with { h in
            let realm = try await setUp(h)
            try await h.application().test(.router) { client in
                let access = try #require(try await tokens(client)["access_token"] as? String)
                let parts = access.split(separator: ".").map(String.init)
                let header = try JSONSerialization.jsonObject(with: Data(try #require(Base64URL.decode(parts[0])))) as! [String: Any]
                var payload = try JSONSerialization.jsonObject(with: Data(try #require(Base64URL.decode(parts[1])))) as! [String: Any]
                payload["preferred_username"] = "admin"
                let forgedPayload = Base64URL.encode(try JSONSerialization.data(withJSONObject: payload))
                func encodeHeader(_ alg: String) throws -> String {
                    var changed = header
                    changed["alg"] = alg
                    return Base64URL.encode(try JSONSerialization.data(withJSONObject: changed))
                }
                let changedPayload = "\(parts[0]).\(forgedPayload).\(parts[2])"
                let algNone = "\(try encodeHeader("none")).\(forgedPayload)."
                let publicPEM = try await h.flows.keys.activePublicKey(realmID: realm.id, logger: h.logger)
                let hsInput = "\(try encodeHeader("HS256")).\(forgedPayload)"
                let mac = HMAC<SHA256>.authenticationCode(for: Array(hsInput.utf8), using: SymmetricKey(data: Array(publicPEM.utf8)))
                let hs256 = "\(hsInput).\(Base64URL.encode(mac))"
                for forged in [changedPayload, algNone, hs256] {
                    let response = try await userinfo(client, forged)
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
                    #expect(try jsonObject(try await introspect(client, forged).body)["active"] as? Bool == false)
                }
            }
        }
    }

    @Test func revocationAndLogout() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                let first = try await tokens(client)
                let access = try #require(first["access_token"] as? String)
                let revoke = try await client.execute(uri: "\(Self.base)/revoke", method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                                      body: formBody(["token": access]))
                #expect(revoke.status == .ok)
                #expect(try await userinfo(client, access).status == .unauthorized)
                let unknown = try await client.execute(uri: "\(Self.base)/revoke", method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                                       body: formBody(["token": "not-a-token"]))
                #expect(unknown.status == .ok)

                let second = try await tokens(client)
                let secondAccess = try #require(second["access_token"] as? String)
                let refresh = try #require(second["refresh_token"] as? String)
                let logout = try await client.execute(uri: "\(Self.base)/logout", method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                                      body: formBody(["refresh_token": refresh]))
                #expect(logout.status == .noContent)
                #expect(try await userinfo(client, secondAccess).status == .unauthorized)
                #expect(try jsonObject(try await introspect(client, secondAccess).body)["active"] as? Bool == false)
                let again = try await client.execute(uri: "\(Self.base)/token", method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                                     body: formBody(["grant_type": "refresh_token", "refresh_token": refresh]))
                #expect(again.status == .badRequest)
            }
        }
    }

    @Test func discoveryJWKSAndRealmInfo() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                for prefix in ["", "/auth"] {
                    let discovery = try await client.execute(uri: "\(prefix)/realms/test/.well-known/openid-configuration", method: .get)
                    #expect(discovery.status == .ok)
                    let document = try jsonObject(discovery.body)
                    #expect(document["issuer"] as? String == "https://imaging.example.org/auth/realms/test")
                    #expect(document["jwks_uri"] as? String == "https://imaging.example.org/auth/realms/test/protocol/openid-connect/certs")
                    #expect(document["code_challenge_methods_supported"] as? [String] == ["S256"])
                }
                let certs = try jsonObject(try await client.execute(uri: "\(Self.base)/certs", method: .get).body)
                let keys = try #require(certs["keys"] as? [[String: String]])
                #expect(keys.count == 1)
                #expect(keys[0]["kty"] == "RSA" && keys[0]["alg"] == "RS256" && keys[0]["use"] == "sig")
                let info = try jsonObject(try await client.execute(uri: "/realms/test", method: .get).body)
                #expect((info["public_key"] as? String)?.isEmpty == false)
                let missing = try await client.execute(uri: "/realms/nope/.well-known/openid-configuration", method: .get)
                #expect(missing.status == .notFound)
            }
        }
    }

    @Test func frontendURLChangesTheIssuer() async throws {
        try await IdentityHarness.with { h in
            _ = try await h.makeRealm("front") { $0.attributes["frontendUrl"] = "https://login.example.com/" }
            try await h.application().test(.router) { client in
                let document = try jsonObject(try await client.execute(uri: "/realms/front/.well-known/openid-configuration", method: .get).body)
                #expect(document["issuer"] as? String == "https://login.example.com/realms/front")
            }
        }
    }
}
