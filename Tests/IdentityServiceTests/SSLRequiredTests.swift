import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

/// Realm `sslRequired` with Keycloak's semantics.
@Suite struct SSLRequiredTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("10.1.2.3", true), ("172.16.0.1", true), ("172.31.255.255", true), ("192.168.1.1", true),
        ("0.0.0.0", true), ("::1", true), ("::ffff:127.0.0.1", true), ("fec0::1", true),
        ("172.32.0.1", false), ("8.8.8.8", false), ("2001:db8::1", false), ("::ffff:8.8.8.8", false), ("not-an-ip", false),
        ("127.0.0", false), ("127.0.0.1.", false), ("127..0.1", false), ("127.0.0.256", false), ("127.0.0.1000", false),
        ("+127.0.0.1", false), ("127.0.0.-1", false), ("", false), ("10.0.0.1 ", false), ("010.0.0.1", true),
    ])
    func localAddresses(address: String, local: Bool) {
        #expect(SSLRequirement.isLocal(address) == local)
    }

    @Test func modes() {
        #expect(!SSLRequirement.refuses(mode: "external", secure: false, clientAddress: "192.168.0.7"))
        #expect(SSLRequirement.refuses(mode: "external", secure: false, clientAddress: "8.8.8.8"))
        #expect(!SSLRequirement.refuses(mode: "external", secure: true, clientAddress: "8.8.8.8"))
        #expect(SSLRequirement.refuses(mode: "all", secure: false, clientAddress: "127.0.0.1"))
        #expect(!SSLRequirement.refuses(mode: "all", secure: true, clientAddress: "127.0.0.1"))
        #expect(!SSLRequirement.refuses(mode: "none", secure: false, clientAddress: "8.8.8.8"))
        #expect(SSLRequirement.refuses(mode: "EXTERNAL", secure: false, clientAddress: "8.8.8.8"))
    }

    @Test func realmRequiringSSLRefusesPlainHTTPWithKeycloaksError() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm { $0.sslRequired = "all" }
            try await h.makeClient(realm, "backend") { $0.secret = "s3cret"; $0.directAccessGrantsEnabled = true }
            try await h.makeClient(realm, "spa") { $0.publicClient = true; $0.redirectUris = ["https://app.example.org/*"] }
            try await h.makeUser(realm, "alice")
            try await h.application().test(.router) { client in
                let token = try await client.execute(uri: "/realms/test/protocol/openid-connect/token", method: .post,
                                                     headers: formHeaders(basic: ("backend", "s3cret")),
                                                     body: formBody(["grant_type": "password", "username": "alice", "password": "correct horse"]))
                #expect(token.status == .forbidden)
                let body = try jsonObject(token.body)
                #expect(body["error"] as? String == "invalid_request")
                #expect(body["error_description"] as? String == "HTTPS required")
                let page = try await client.execute(uri: "/realms/test/protocol/openid-connect/auth?client_id=spa&response_type=code&redirect_uri=https://app.example.org/cb&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256", method: .get)
                #expect(page.status == .forbidden)
                #expect(String(buffer: page.body).contains("HTTPS required"))
                // Discovery and JWKS stay readable, as in Keycloak.
                #expect(try await client.execute(uri: "/realms/test/.well-known/openid-configuration", method: .get).status == .ok)
            }
        }
    }
}
