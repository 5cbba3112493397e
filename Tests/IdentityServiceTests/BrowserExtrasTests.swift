import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

/// CORS, response modes, max_age and RP-initiated logout without a hint.
@Suite struct BrowserExtrasTests {
    func setUp(_ h: IdentityHarness) async throws -> Realm {
        let realm = try await h.makeRealm()
        try await h.makeClient(realm, "spa") {
            $0.publicClient = true
            $0.directAccessGrantsEnabled = true
            $0.redirectUris = ["https://app.example.org/cb"]
            $0.webOrigins = ["+"]
            $0.attributes = ["post.logout.redirect.uris": "https://app.example.org/bye"]
        }
        try await h.makeUser(realm, "alice")
        return realm
    }

    @Test func corsFollowsTheClientsWebOrigins() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                let uri = "/realms/test/protocol/openid-connect/token"
                let fields = ["grant_type": "password", "client_id": "spa", "username": "alice", "password": "correct horse"]
                var allowed = formHeaders()
                allowed[CORS.origin] = "https://app.example.org"
                let ok = try await client.execute(uri: uri, method: .post, headers: allowed, body: formBody(fields))
                #expect(ok.status == .ok)
                #expect(ok.headers[CORS.allowOrigin] == "https://app.example.org")
                var foreign = formHeaders()
                foreign[CORS.origin] = "https://evil.example.com"
                let other = try await client.execute(uri: uri, method: .post, headers: foreign, body: formBody(fields))
                #expect(other.headers[CORS.allowOrigin] == nil)
                let preflight = try await client.execute(uri: uri, method: .options, headers: [CORS.origin: "https://app.example.org"])
                #expect(preflight.status == .ok)
                #expect(preflight.headers[CORS.allowMethods]?.contains("POST") == true)
                let certs = try await client.execute(uri: "/realms/test/protocol/openid-connect/certs", method: .get,
                                                     headers: [CORS.origin: "https://anyone.example"])
                #expect(certs.headers[CORS.allowOrigin] == "*")
            }
        }
    }

    @Test func formPostAndFragmentModesAndMaxAge() async throws {
        try await IdentityHarness.with { h in
            let realm = try await setUp(h)
            let flow = AuthorizationFlow(stores: h.stores, keys: h.flows.keys, issuer: h.flows.issuer, events: h.flows.events)
            let challenge = String(repeating: "A", count: 43)
            func request(_ extra: [String: String]) async throws -> AuthorizationRequest {
                var fields = ["client_id": "spa", "redirect_uri": "https://app.example.org/cb", "response_type": "code",
                              "code_challenge": challenge, "code_challenge_method": "S256", "state": "s"]
                fields.merge(extra) { _, new in new }
                guard case .valid(let valid) = try await AuthorizationValidator(clients: h.stores.clients).validate(fields, realm: realm, logger: h.logger)
                else { throw IdentityError(.invalidRequest, "invalid") }
                return valid
            }
            let formPost = try await request(["response_mode": "form_post"])
            guard case .success(let browser) = try await flow.login(realm: realm, request: formPost, username: "alice", password: "correct horse",
                                                                   ipAddress: nil, logger: h.logger) else { Issue.record("login failed"); return }
            let answer = try await flow.issueCode(realm: realm, request: formPost, browser: browser, logger: h.logger)
            let page = PageResponder(themes: try ThemeRenderer.bundled(), issuer: h.flows.issuer).deliver(answer, realm: realm, toRoot: "../")
            #expect(page.status == .ok)
            let fragment = try await request(["response_mode": "fragment"])
            #expect(try await flow.issueCode(realm: realm, request: fragment, browser: browser, logger: h.logger).location
                .hasPrefix("https://app.example.org/cb#state=s&"))
            var old = browser
            old.session.authTime = Date().addingTimeInterval(-600)
            #expect(flow.decide(try await request(["max_age": "60"]), browser: old) == .showLogin)
            #expect(flow.decide(try await request(["max_age": "6000"]), browser: old) == .issueCode(old))
            #expect(flow.decide(try await request(["prompt": "none", "max_age": "60"]), browser: old) == .loginRequired)
        }
    }

    @Test func logoutWithoutHintAsksForConfirmationAndRejectsUnregisteredRedirects() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                let base = "/realms/test/protocol/openid-connect/logout"
                let bad = try await client.execute(uri: "\(base)?client_id=spa&post_logout_redirect_uri=https%3A%2F%2Fevil.example.com%2F", method: .get)
                #expect(bad.status == .badRequest)
                #expect(bad.headers[.location] == nil)
                let confirm = try await client.execute(uri: "\(base)?client_id=spa&post_logout_redirect_uri=https%3A%2F%2Fapp.example.org%2Fbye&state=z",
                                                       method: .get)
                #expect(confirm.status == .ok)
                #expect(String(buffer: confirm.body).contains("Do you want to log out?"))
                let setCookie = try #require(confirm.headers[.setCookie])
                let csrf = try #require(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(String.init))
                var headers = formHeaders()
                headers[.cookie] = "TESSERA_CSRF=\(csrf)"
                let done = try await client.execute(uri: "/realms/test/login-actions/logout-confirm", method: .post, headers: headers,
                                                    body: formBody(["csrf_token": csrf, "client_id": "spa", "state": "z",
                                                                    "post_logout_redirect_uri": "https://app.example.org/bye"]))
                #expect(done.status == .found)
                #expect(done.headers[.location] == "https://app.example.org/bye?state=z")
                let forged = try await client.execute(uri: "/realms/test/login-actions/logout-confirm", method: .post, headers: formHeaders(),
                                                      body: formBody(["csrf_token": csrf]))
                #expect(forged.status == .badRequest)
            }
        }
    }
}
