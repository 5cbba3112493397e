@testable import TokenTestSupport
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TokenSupport
@testable import EdgeGateway

/// The `/pacs-admin` login: code flow with PKCE against a real in-process provider, sealed
/// session cookies, refresh and logout.
@Suite struct SessionLoginTests {
    let environment = ["GATEWAY_SESSION_SECRET": String(repeating: "k", count: 40)]

    /// Cookies a browser would keep, updated from `Set-Cookie` answers.
    struct Jar {
        var cookies: [String: String] = [:]

        mutating func update(from headers: HTTPFields) {
            for value in headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0])
                let content = pair.count > 1 ? String(pair[1]) : ""
                if value.contains("Max-Age=0") || content.isEmpty { cookies[name] = nil } else { cookies[name] = content }
            }
        }

        var header: HTTPFields {
            cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")]
        }
    }

    /// The query parameters of a redirect.
    func parameters(_ location: String) throws -> [String: String] {
        let query = try #require(location.split(separator: "?", maxSplits: 1).last)
        return Dictionary(FormEncoding.decode(String(query)), uniquingKeysWith: { first, _ in first })
    }

    func tokens(_ harness: GatewayHarness, nonce: String, roles: [String] = ["pacs-read"], expiresIn: Int = 300, refresh: String = "refresh-1") async throws -> [String: Any] {
        let access = try await harness.token(roles: roles, expiresIn: TimeInterval(expiresIn))
        let id = try await harness.key.sign(AccessTokenClaims(
            issuer: GatewayHarness.issuer, subject: "user-42", audience: ["pacs"], expiration: Date().addingTimeInterval(300),
            issuedAt: Date(), authorizedParty: "pacs", type: "ID", preferredUsername: "carol", nonce: nonce))
        return ["access_token": access, "expires_in": expiresIn, "refresh_token": refresh, "id_token": id, "token_type": "Bearer"]
    }

    /// Logs in through the gateway; returns the jar holding the session.
    func logIn(_ client: any TestClientProtocol, _ harness: GatewayHarness, expiresIn: Int = 300) async throws -> Jar {
        var jar = Jar()
        let location = try await client.execute(uri: "/pacs-admin/studies?page=2", method: .get, headers: [.accept: "text/html"]) { response throws in
            #expect(response.status == .found)
            jar.update(from: response.headers)
            return try #require(response.headers[.location])
        }
        #expect(location.hasPrefix(GatewayHarness.issuer + "/protocol/openid-connect/auth?"))
        let query = try parameters(location)
        #expect(query["client_id"] == "pacs")
        #expect(query["redirect_uri"] == "http://gateway.test/pacs-admin/callback")
        #expect(query["code_challenge_method"] == "S256")
        #expect(query["response_type"] == "code")
        let state = try #require(query["state"])
        harness.provider.issue(
            code: "code-1", challenge: try #require(query["code_challenge"]), redirectURI: try #require(query["redirect_uri"]),
            answer: try await tokens(harness, nonce: try #require(query["nonce"]), expiresIn: expiresIn))
        try await client.execute(uri: "/pacs-admin/callback?code=code-1&state=\(state)", method: .get, headers: jar.header) { response throws in
            #expect(response.status == .found)
            #expect(response.headers[.location] == "/pacs-admin/studies?page=2")
            for cookie in response.headers[values: .setCookie] {
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/pacs-admin"))
            }
            jar.update(from: response.headers)
        }
        #expect(jar.cookies["tessera_admin_session"] != nil)
        #expect(jar.cookies["tessera_admin_login"] == nil)
        return jar
    }

    @Test func browserLogsInAndIsForwardedWithItsToken() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: environment) { client in
            let jar = try await logIn(client, harness)
            try await client.execute(uri: "/pacs-admin/studies?page=2", method: .get, headers: jar.header) { response throws in
                #expect(response.status == .ok)
                let echo = try response.echo()
                #expect(echo.target == "/admin/studies?page=2")
                #expect(echo.headers["authorization"]?.hasPrefix("Bearer ey") == true)
                #expect(echo.headers["x-user"] == "carol")
                #expect(echo.headers["cookie"] == nil)
            }
        }
    }

    @Test func apiClientsGet401InsteadOfARedirect() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: environment) { client in
            try await client.execute(uri: "/pacs-admin/", method: .get, headers: [.accept: "application/json"]) { response throws in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.location] == nil)
            }
        }
    }

    @Test func forgedOrMismatchedCallbacksAreRefused() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: environment) { client in
            var jar = Jar()
            try await client.execute(uri: "/pacs-admin/", method: .get, headers: [.accept: "text/html"]) { response throws in
                jar.update(from: response.headers)
            }
            try await client.execute(uri: "/pacs-admin/callback?code=x&state=wrong", method: .get, headers: jar.header) { response throws in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/pacs-admin/callback?code=x&state=wrong", method: .get) { response throws in
                #expect(response.status == .badRequest)
            }
            // A tampered session cookie is no session.
            try await client.execute(uri: "/pacs-admin/", method: .get, headers: [.cookie: "tessera_admin_session=1.v1.AAAA", .accept: "application/json"]) { response throws in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func expiringAccessTokensAreRefreshed() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: environment) { client in
            var jar = try await logIn(client, harness, expiresIn: 10)
            harness.provider.issue(refreshToken: "refresh-1", answer: try await tokens(harness, nonce: "unused", expiresIn: 300, refresh: "refresh-2"))
            try await client.execute(uri: "/pacs-admin/", method: .get, headers: jar.header) { response throws in
                #expect(response.status == .ok)
                #expect(!response.headers[values: .setCookie].isEmpty)
                jar.update(from: response.headers)
            }
            #expect(harness.provider.tokenRequests.last?["grant_type"] == "refresh_token")
            let requests = harness.provider.tokenRequests.count
            try await client.execute(uri: "/pacs-admin/", method: .get, headers: jar.header) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[values: .setCookie].isEmpty)
            }
            #expect(harness.provider.tokenRequests.count == requests)
        }
    }

    @Test func logoutClearsTheSessionAndEndsItAtTheProvider() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: environment) { client in
            var jar = try await logIn(client, harness)
            try await client.execute(uri: "/pacs-admin/logout", method: .get, headers: jar.header) { response throws in
                #expect(response.status == .found)
                let location = try #require(response.headers[.location])
                #expect(location.hasPrefix(GatewayHarness.issuer + "/protocol/openid-connect/logout?"))
                let query = try parameters(location)
                #expect(query["post_logout_redirect_uri"] == "http://gateway.test/pacs-admin/")
                #expect(query["id_token_hint"] != nil)
                jar.update(from: response.headers)
            }
            #expect(jar.cookies["tessera_admin_session"] == nil)
        }
    }

    @Test func signingOutAtTheProviderThroughTheGatewayEndsTheSession() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: environment) { client in
            var jar = try await logIn(client, harness)
            try await client.execute(uri: "/auth/realms/test/.well-known/openid-configuration", method: .get, headers: jar.header) { response throws in
                #expect(response.status == .ok)
                jar.update(from: response.headers)
            }
            #expect(jar.cookies["tessera_admin_session"] != nil, "other provider pages keep the session")
            // Browsers don't send the /pacs-admin cookie to /auth: the answer must expire it anyway.
            try await client.execute(uri: "/auth/realms/test/protocol/openid-connect/logout?client_id=ohif-viewer", method: .get) { response throws in
                #expect(response.status == .ok)  // the harness's identity upstream echoes
                #expect(try response.echo().replica == "identity")
                jar.update(from: response.headers)
            }
            #expect(jar.cookies["tessera_admin_session"] == nil, "the viewer's logout ends the /pacs-admin session too")
        }
    }

    @Test func sealedCookiesResistTamperingAndRotateKeys() throws {
        let old = SessionSealer(secrets: [String(repeating: "o", count: 40)])
        let rotated = SessionSealer(secrets: [String(repeating: "n", count: 40), String(repeating: "o", count: 40)])
        let session = LoginSession(subject: "s", username: nil, accessToken: "a", accessExpiresAt: 1, refreshToken: nil, idToken: nil, createdAt: 0)
        let sealed = try old.seal(session, name: "c")
        #expect(rotated.open(sealed, as: LoginSession.self, name: "c") == session)
        #expect(old.open(sealed, as: LoginSession.self, name: "other") == nil)
        var bytes = Array(sealed)
        bytes[bytes.count - 3] = bytes[bytes.count - 3] == "A" ? "B" : "A"
        #expect(old.open(String(bytes), as: LoginSession.self, name: "c") == nil)
        let newer = try rotated.seal(session, name: "c")
        #expect(old.open(newer, as: LoginSession.self, name: "c") == nil)
    }

    @Test func returnTargetsStayOnThisOrigin() {
        #expect(SessionGate.safeReturn("/pacs-admin/x?y=1", fallback: "/f") == "/pacs-admin/x?y=1")
        #expect(SessionGate.safeReturn("//evil.example/", fallback: "/f") == "/f")
        #expect(SessionGate.safeReturn("https://evil.example/", fallback: "/f") == "/f")
        #expect(SessionGate.safeReturn("/\\evil.example", fallback: "/f") == "/f")
    }
}
