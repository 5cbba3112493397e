import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

@Suite struct AuthorizationFlowTests {
    static let verifier = String(repeating: "v", count: 50)
    static var challenge: String { Base64URL.encode(Array(SHA256Digest.of(verifier))) }

    func setUp(_ h: IdentityHarness) async throws -> Realm {
        let realm = try await h.makeRealm()
        try await h.makeClient(realm, "spa") {
            $0.publicClient = true
            $0.redirectUris = ["https://app.example.org/cb"]
            $0.attributes = ["post.logout.redirect.uris": "+"]
        }
        try await h.makeUser(realm, "alice")
        return realm
    }

    func authorizeQuery(_ extra: [String: String] = [:]) -> String {
        var fields = ["client_id": "spa", "redirect_uri": "https://app.example.org/cb", "response_type": "code", "scope": "openid",
                      "state": "st", "nonce": "nn", "code_challenge": Self.challenge, "code_challenge_method": "S256"]
        fields.merge(extra) { _, new in new }
        return LoginRoutes.encodeQuery(fields.filter { !$0.value.isEmpty })
    }

    @Test func validatorDecisions() async throws {
        try await IdentityHarness.with { h in
            let realm = try await setUp(h)
            let validator = AuthorizationValidator(clients: h.stores.clients)
            func validate(_ extra: [String: String]) async throws -> AuthorizationValidator.Outcome {
                try await validator.validate(try FormDecoding.parameters(authorizeQuery(extra)), realm: realm, logger: h.logger)
            }
            guard case .valid(let request) = try await validate([:]) else { Issue.record("expected valid"); return }
            #expect(request.scope == "openid profile email")
            #expect(try await validate(["client_id": "unknown"]) == .errorPage("Client not found."))
            #expect(try await validate(["redirect_uri": "https://evil.example.com/cb"]) == .errorPage("Invalid parameter: redirect_uri"))
            guard case .redirect(let plain) = try await validate(["code_challenge_method": "plain"]) else { Issue.record("expected redirect"); return }
            #expect(plain.location.contains("error=invalid_request"))
            #expect(plain.location.contains("state=st"))
            guard case .redirect(let missing) = try await validate(["code_challenge": "", "code_challenge_method": ""]) else {
                Issue.record("expected redirect"); return
            }
            #expect(missing.location.contains("code_challenge"))
            guard case .redirect(let fragment) = try await validate(["response_type": "token", "response_mode": "fragment"]) else {
                Issue.record("expected redirect"); return
            }
            #expect(fragment.location.hasPrefix("https://app.example.org/cb#error=unsupported_response_type"))
        }
    }

    @Test func loginFormSSOAndCodeExchange() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                let base = "/realms/test/protocol/openid-connect"
                let page = try await client.execute(uri: "\(base)/auth?\(authorizeQuery())", method: .get)
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("kc-form-login"))
                #expect(page.headers[.xFrameOptions] == "SAMEORIGIN")
                let setCookie = try #require(page.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
                let csrf = try #require(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(String.init))
                let action = "/realms/test/login-actions/authenticate?\(authorizeQuery())"
                func post(_ fields: [String: String], cookie: String) async throws -> TestResponse {
                    var headers = formHeaders()
                    headers[.cookie] = cookie
                    return try await client.execute(uri: action, method: .post, headers: headers, body: formBody(fields))
                }
                let noCSRF = try await post(["username": "alice", "password": "correct horse"], cookie: "")
                #expect(String(buffer: noCSRF.body).contains("timed out"))
                let wrong = try await post(["username": "alice", "password": "nope", "csrf_token": csrf], cookie: "TESSERA_CSRF=\(csrf)")
                #expect(String(buffer: wrong.body).contains("Invalid username or password."))
                let success = try await post(["username": "alice", "password": "correct horse", "csrf_token": csrf], cookie: "TESSERA_CSRF=\(csrf)")
                #expect(success.status == .found)
                let location = try #require(success.headers[.location])
                #expect(location.hasPrefix("https://app.example.org/cb?state=st&session_state="))
                let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
                let identity = try #require(success.headers[values: .setCookie].first { $0.hasPrefix("TESSERA_IDENTITY_test=") })
                #expect(identity.contains("HttpOnly") && identity.contains("Secure"))
                let identityCookie = String(identity.split(separator: ";")[0])

                let sso = try await client.execute(uri: "\(base)/auth?\(authorizeQuery())", method: .get, headers: [.cookie: identityCookie])
                #expect(sso.status == .found)
                let forced = try await client.execute(uri: "\(base)/auth?\(authorizeQuery(["prompt": "login"]))", method: .get, headers: [.cookie: identityCookie])
                #expect(forced.status == .ok)
                let none = try await client.execute(uri: "\(base)/auth?\(authorizeQuery(["prompt": "none"]))", method: .get)
                #expect(none.headers[.location]?.contains("error=login_required") == true)

                func exchange(_ verifier: String) async throws -> TestResponse {
                    try await client.execute(uri: "\(base)/token", method: .post, headers: formHeaders(),
                                             body: formBody(["grant_type": "authorization_code", "client_id": "spa", "code": code,
                                                             "redirect_uri": "https://app.example.org/cb", "code_verifier": verifier]))
                }
                let tokens = try await exchange(Self.verifier)
                #expect(tokens.status == .ok)
                let body = try jsonObject(tokens.body)
                let idText = try #require(body["id_token"] as? String)
                let realm = try #require(try await h.stores.realms.realm(named: "test", logger: h.logger))
                let idToken = try await h.flows.keys.verify(idText, realmID: realm.id, logger: h.logger)
                #expect(idToken.nonce == "nn")
                #expect(try await exchange(Self.verifier).status == .badRequest, "codes are single use")
            }
        }
    }

    @Test func pkceMismatchIsInvalidGrant() async throws {
        try await IdentityHarness.with { h in
            let realm = try await setUp(h)
            let flow = AuthorizationFlow(stores: h.stores, keys: h.flows.keys, issuer: h.flows.issuer, events: h.flows.events)
            guard case .valid(let request) = try await AuthorizationValidator(clients: h.stores.clients)
                .validate(try FormDecoding.parameters(authorizeQuery()), realm: realm, logger: h.logger) else { Issue.record("invalid"); return }
            guard case .success(let browser) = try await flow.login(realm: realm, request: request, username: "alice", password: "correct horse",
                                                                   ipAddress: nil, logger: h.logger) else { Issue.record("login failed"); return }
            let answer = try await flow.issueCode(realm: realm, request: request, browser: browser, logger: h.logger)
            let code = try #require(answer.parameters.first { $0.0 == "code" }?.1)
            await #expect(throws: IdentityError(.invalidGrant, "PKCE verification failed: Code mismatch")) {
                _ = try await h.flows.token.token(realm: realm, credentials: ClientCredentials(clientID: "spa", secret: nil),
                                                  form: ["grant_type": "authorization_code", "code": code, "redirect_uri": "https://app.example.org/cb",
                                                         "code_verifier": String(repeating: "w", count: 50)], ipAddress: nil, logger: h.logger)
            }
        }
    }
}

/// SHA-256 helper for the PKCE challenge.
enum SHA256Digest {
    static func of(_ text: String) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: Array(text.utf8)))
    }
}
