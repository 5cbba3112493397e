import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

@Suite struct TokenEndpointTests {
    static let tokenPath = "/realms/test/protocol/openid-connect/token"

    /// A realm with a confidential client allowed password and client-credentials grants, and user alice.
    func setUp(_ h: IdentityHarness, configure: (inout RealmSettings) -> Void = { _ in }) async throws -> (Realm, Client) {
        let realm = try await h.makeRealm(configure: configure)
        let client = try await h.makeClient(realm, "backend") {
            $0.secret = "s3cret"
            $0.directAccessGrantsEnabled = true
            $0.serviceAccountsEnabled = true
        }
        try await h.makeUser(realm, "alice", email: "alice@example.org")
        return (realm, client)
    }

    func passwordGrant(_ client: some TestClientProtocol, password: String = "correct horse", extra: [String: String] = [:]) async throws -> TestResponse {
        var fields = ["grant_type": "password", "username": "alice", "password": password, "scope": "openid"]
        fields.merge(extra) { _, new in new }
        return try await client.execute(uri: Self.tokenPath, method: .post, headers: formHeaders(basic: ("backend", "s3cret")), body: formBody(fields))
    }

    @Test func passwordGrantIssuesKeycloakShapedTokens() async throws {
        try await IdentityHarness.with { h in
            let (realm, _) = try await setUp(h)
            try await h.application().test(.router) { client in
                let response = try await passwordGrant(client)
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let body = try jsonObject(response.body)
                #expect(body["token_type"] as? String == "Bearer")
                #expect(body["expires_in"] as? Int == 300)
                #expect(body["scope"] as? String == "openid profile email")
                let access = try await h.flows.keys.verify(try #require(body["access_token"] as? String), realmID: realm.id, logger: h.logger)
                #expect(access.iss == "https://imaging.example.org/auth/realms/test")
                #expect(access.typ == "Bearer")
                #expect(access.azp == "backend")
                #expect(access.preferredUsername == "alice")
                #expect(access.email == "alice@example.org")
                #expect(access.name == "Ada Lovelace")
                #expect(access.realmAccess?.roles == ["default-roles-test", "offline_access"])
                #expect(access.sid == body["session_state"] as? String)
                let idToken = try await h.flows.keys.verify(try #require(body["id_token"] as? String), realmID: realm.id, logger: h.logger)
                #expect(idToken.typ == "ID")
                #expect(idToken.hasAudience("backend"))
                let accessText = try #require(body["access_token"] as? String)
                #expect(idToken.atHash == TokenIssuer.atHash(accessText))
                let refresh = try await h.flows.keys.verify(try #require(body["refresh_token"] as? String), realmID: realm.id, logger: h.logger)
                #expect(refresh.typ == "Refresh")
            }
        }
    }

    @Test func wrongPasswordAndUnknownUserGetTheSameAnswer() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                let wrong = try await passwordGrant(client, password: "nope")
                let unknown = try await passwordGrant(client, extra: ["username": "mallory"])
                for response in [wrong, unknown] {
                    #expect(response.status == .unauthorized)
                    let body = try jsonObject(response.body)
                    #expect(body["error"] as? String == "invalid_grant")
                    #expect(body["error_description"] as? String == "Invalid user credentials")
                }
                #expect(wrong.status == unknown.status)
            }
        }
    }

    @Test func badClientSecretIsInvalidClient() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                let response = try await client.execute(uri: Self.tokenPath, method: .post, headers: formHeaders(basic: ("backend", "wrong")),
                                                        body: formBody(["grant_type": "client_credentials"]))
                #expect(response.status == .unauthorized)
                #expect(try jsonObject(response.body)["error"] as? String == "invalid_client")
                let post = try await client.execute(uri: Self.tokenPath, method: .post, headers: formHeaders(),
                                                    body: formBody(["grant_type": "client_credentials", "client_id": "backend", "client_secret": "s3cret"]))
                #expect(post.status == .ok)
                let body = try jsonObject(post.body)
                #expect(body["refresh_token"] == nil)
            }
        }
    }

    @Test func disabledUserTemporaryPasswordAndUnauthorizedClient() async throws {
        try await IdentityHarness.with { h in
            let (realm, _) = try await setUp(h)
            try await h.makeUser(realm, "bob", enabled: false)
            try await h.makeUser(realm, "carol", temporary: true)
            try await h.makeClient(realm, "nodirect") { $0.secret = "x" }
            try await h.application().test(.router) { client in
                let disabled = try await passwordGrant(client, extra: ["username": "bob"])
                #expect(try jsonObject(disabled.body)["error_description"] as? String == "Account disabled")
                let temporary = try await passwordGrant(client, extra: ["username": "carol"])
                #expect(try jsonObject(temporary.body)["error_description"] as? String == "Account is not fully set up")
                let denied = try await client.execute(uri: Self.tokenPath, method: .post, headers: formHeaders(basic: ("nodirect", "x")),
                                                      body: formBody(["grant_type": "password", "username": "alice", "password": "correct horse"]))
                #expect(try jsonObject(denied.body)["error"] as? String == "unauthorized_client")
                let unsupported = try await client.execute(uri: Self.tokenPath, method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                                           body: formBody(["grant_type": "implicit"]))
                #expect(try jsonObject(unsupported.body)["error"] as? String == "unsupported_grant_type")
            }
        }
    }

    @Test func refreshRotatesAndDetectsReuse() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h) { $0.revokeRefreshToken = true }
            try await h.application().test(.router) { client in
                let first = try jsonObject(try await passwordGrant(client).body)
                let refresh = try #require(first["refresh_token"] as? String)
                func refreshWith(_ token: String) async throws -> TestResponse {
                    try await client.execute(uri: Self.tokenPath, method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                             body: formBody(["grant_type": "refresh_token", "refresh_token": token]))
                }
                let second = try await refreshWith(refresh)
                #expect(second.status == .ok)
                let rotated = try #require(try jsonObject(second.body)["refresh_token"] as? String)
                let reuse = try await refreshWith(refresh)
                #expect(reuse.status == .badRequest)
                #expect(try jsonObject(reuse.body)["error"] as? String == "invalid_grant")
                let afterReuse = try await refreshWith(rotated)
                #expect(afterReuse.status == .badRequest, "reuse revokes the whole token family")
            }
        }
    }

    /// As in Keycloak, refreshes are not saved as events unless the realm's
    /// `enabledEventTypes` names them; logins are saved by default.
    @Test(arguments: [[], ["LOGIN", "REFRESH_TOKEN"]])
    func refreshEventsAreSavedOnlyWhenTheRealmAsksForThem(enabledEventTypes: [String]) async throws {
        try await IdentityHarness.with { h in
            let (realm, _) = try await setUp(h) { $0.enabledEventTypes = enabledEventTypes }
            try await h.application().test(.router) { client in
                let tokens = try jsonObject(try await passwordGrant(client).body)
                let refreshed = try await client.execute(
                    uri: Self.tokenPath, method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                    body: formBody(["grant_type": "refresh_token", "refresh_token": try #require(tokens["refresh_token"] as? String)]))
                #expect(refreshed.status == .ok)
            }
            let events = try await h.stores.events.events(realmID: realm.id, types: ["LOGIN", "REFRESH_TOKEN"], first: 0, max: 10, logger: h.logger)
            #expect(events.map(\.type).sorted() == (enabledEventTypes.isEmpty ? ["LOGIN"] : ["LOGIN", "REFRESH_TOKEN"]))
        }
    }

    @Test func refreshTokenOfAnotherClientIsRefused() async throws {
        try await IdentityHarness.with { h in
            let (realm, _) = try await setUp(h)
            try await h.makeClient(realm, "other") { $0.secret = "o"; $0.directAccessGrantsEnabled = true }
            try await h.application().test(.router) { client in
                let tokens = try jsonObject(try await passwordGrant(client).body)
                let response = try await client.execute(uri: Self.tokenPath, method: .post, headers: formHeaders(basic: ("other", "o")),
                                                        body: formBody(["grant_type": "refresh_token", "refresh_token": try #require(tokens["refresh_token"] as? String)]))
                #expect(response.status == .badRequest)
                #expect(try jsonObject(response.body)["error"] as? String == "invalid_grant")
            }
        }
    }

    @Test func bruteForceLocksTheAccount() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h) {
                $0.bruteForceProtected = true
                $0.failureFactor = 3
                $0.quickLoginCheckMilliSeconds = 0
            }
            try await h.application().test(.router) { client in
                for _ in 0..<3 { _ = try await passwordGrant(client, password: "wrong") }
                let locked = try await passwordGrant(client)
                #expect(locked.status == .unauthorized)
                #expect(try jsonObject(locked.body)["error_description"] as? String == "Invalid user credentials")
            }
        }
    }
}
