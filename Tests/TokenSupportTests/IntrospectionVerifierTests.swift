@testable import TokenTestSupport
import AsyncHTTPClient
import Foundation
import Testing
import TestSupport
@testable import TokenSupport

/// RFC 7662 introspection against a real in-process provider.
@Suite struct IntrospectionVerifierTests {
    func withVerifier(
        secret: String? = nil, ttl: TimeInterval = 30, _ body: @Sendable (TestIssuer, IntrospectionVerifier, String) async throws -> Void
    ) async throws {
        let provider = TestIssuer()
        try await withLocalServer(provider.router()) { port in
            let issuer = provider.issuer(port: port)
            let client = BackchannelClient(httpClient: .test)
            let metadata = IssuerMetadata(location: IssuerLocation(issuer: issuer), client: client, logger: .quiet("introspection"))
            let verifier = IntrospectionVerifier(
                metadata: metadata, client: client, clientID: provider.clientID, clientSecret: secret ?? provider.clientSecret, cacheTTL: ttl)
            try await body(provider, verifier, issuer)
        }
    }

    func activeClaims(_ issuer: String, expiresIn: TimeInterval = 300) -> [String: Any] {
        [
            "iss": issuer, "sub": "user-7", "username": "bob", "client_id": "ohif-viewer", "token_type": "Bearer",
            "exp": Date().addingTimeInterval(expiresIn).timeIntervalSince1970.rounded(), "scope": "openid",
            "realm_access": ["roles": ["pacs-read", "pacs-write"]],
        ]
    }

    func code(of body: () async throws -> Void) async -> TokenError.Code? {
        do {
            try await body()
            return nil
        } catch let error as TokenError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test func activeTokenYieldsItsIdentity() async throws {
        try await withVerifier { provider, verifier, issuer in
            provider.activate("opaque-token-1", claims: activeClaims(issuer))
            let verified = try await verifier.verify(BearerToken("opaque-token-1"))
            #expect(verified.subject == "user-7")
            #expect(verified.username == "bob")
            #expect(verified.realmRoles == ["pacs-read", "pacs-write"])
            #expect(verified.clientID == "ohif-viewer")
        }
    }

    @Test func unknownTokenIsInactive() async throws {
        try await withVerifier { _, verifier, _ in
            #expect(await code { _ = try await verifier.verify(BearerToken("never-issued")) } == .inactive)
        }
    }

    @Test func revokedTokenBecomesInactiveOnceTheCacheTTLPassed() async throws {
        try await withVerifier(ttl: 10) { provider, verifier, issuer in
            let token = BearerToken("opaque-token-2")
            provider.activate(token.value, claims: activeClaims(issuer))
            let start = Date()
            _ = try await verifier.verify(token, now: start)
            provider.revoke(token.value)
            // Within the TTL the cached answer is reused: no second call.
            _ = try await verifier.verify(token, now: start.addingTimeInterval(5))
            #expect(provider.introspections == 1)
            // After the TTL the provider is asked again and the revocation shows.
            #expect(await code { _ = try await verifier.verify(token, now: start.addingTimeInterval(11)) } == .inactive)
            #expect(provider.introspections == 2)
        }
    }

    @Test func cacheNeverOutlivesTheTokenExpiry() async throws {
        try await withVerifier(ttl: 3600) { provider, verifier, issuer in
            let token = BearerToken("short-lived")
            provider.activate(token.value, claims: activeClaims(issuer, expiresIn: 60))
            let start = Date()
            _ = try await verifier.verify(token, now: start)
            provider.revoke(token.value)
            #expect(await code { _ = try await verifier.verify(token, now: start.addingTimeInterval(120)) } == .inactive)
            #expect(provider.introspections == 2)
        }
    }

    @Test func activeTokenOfAnotherIssuerIsRefused() async throws {
        try await withVerifier { provider, verifier, issuer in
            var claims = activeClaims(issuer)
            claims["iss"] = "http://elsewhere/realms/x"
            provider.activate("foreign", claims: claims)
            #expect(await code { _ = try await verifier.verify(BearerToken("foreign")) } == .wrongIssuer)
        }
    }

    @Test func wrongClientSecretIsAnIssuerProblemNotAnInvalidToken() async throws {
        try await withVerifier(secret: "wrong") { provider, verifier, issuer in
            provider.activate("opaque", claims: activeClaims(issuer))
            #expect(await code { _ = try await verifier.verify(BearerToken("opaque")) } == .issuerUnavailable)
        }
    }
}
