@testable import TokenTestSupport
import AsyncHTTPClient
import Crypto
import Foundation
import JWTKit
import Testing
import TestSupport
@testable import TokenSupport

/// Local JWT verification against a real in-process provider serving discovery and JWKS.
@Suite struct JWTVerifierTests {
    /// Runs `body` with a provider that publishes `keys`, and a verifier for it.
    func withVerifier(
        publishing keys: [TestSigningKey], refreshInterval: Duration = .seconds(3600),
        _ body: @Sendable (TestIssuer, JWTVerifier, String) async throws -> Void
    ) async throws {
        let provider = TestIssuer()
        for key in keys { provider.publish(key) }
        try await withLocalServer(provider.router()) { port in
            let issuer = provider.issuer(port: port)
            let metadata = IssuerMetadata(
                location: IssuerLocation(issuer: issuer), client: BackchannelClient(httpClient: .test),
                minimumRefreshInterval: refreshInterval, logger: .quiet("jwks"))
            try await body(provider, JWTVerifier(metadata: metadata), issuer)
        }
    }

    func claims(_ issuer: String, roles: [String] = ["pacs-read"], expiresIn: TimeInterval = 300, notBefore: Date? = nil) -> AccessTokenClaims {
        AccessTokenClaims(
            issuer: issuer, subject: "user-1", audience: ["account"], expiration: Date().addingTimeInterval(expiresIn),
            notBefore: notBefore, issuedAt: Date(), authorizedParty: "ohif-viewer", type: "Bearer", scope: "openid profile",
            preferredUsername: "alice", realmRoles: roles, clientRoles: ["account": ["view-profile"]])
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

    @Test func acceptsAValidRS256TokenAndReadsItsClaims() async throws {
        let key = try await TestSigningKey.rsa(kid: "rsa-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let token = try await key.sign(claims(issuer))
            let verified = try await verifier.verify(BearerToken(token))
            #expect(verified.subject == "user-1")
            #expect(verified.username == "alice")
            #expect(verified.realmRoles == ["pacs-read"])
            #expect(verified.clientRoles["account"] == ["view-profile"])
            #expect(verified.clientID == "ohif-viewer")
            #expect(verified.scopes == ["openid", "profile"])
        }
    }

    @Test func acceptsAValidES256Token() async throws {
        let key = try await TestSigningKey.es256(kid: "ec-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let verified = try await verifier.verify(BearerToken(try await key.sign(claims(issuer))))
            #expect(verified.issuer == issuer)
        }
    }

    @Test func refusesATamperedPayload() async throws {
        let key = try await TestSigningKey.rsa(kid: "rsa-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let token = try await key.sign(claims(issuer, roles: ["pacs-read"]))
            let parts = token.split(separator: ".")
            let forged = try JSONEncoder().encode(claims(issuer, roles: ["pacs-read", "pacs-admin"]))
            let tampered = "\(parts[0]).\(forged.base64URL).\(parts[2])"
            #expect(await code { _ = try await verifier.verify(BearerToken(tampered)) } == .badSignature)
        }
    }

    @Test func refusesAlgNone() async throws {
        let key = try await TestSigningKey.rsa(kid: "rsa-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let payload = try JSONEncoder().encode(claims(issuer)).base64URL
            let header = #"{"alg":"none","kid":"rsa-1","typ":"JWT"}"#.base64URL
            #expect(await code { _ = try await verifier.verify(BearerToken("\(header).\(payload).")) } == .disallowedAlgorithm)
            #expect(await code { _ = try await verifier.verify(BearerToken("\(header).\(payload).c2ln")) } == .disallowedAlgorithm)
        }
    }

    @Test func refusesHS256SignedWithThePublicKey() async throws {
        let key = try await TestSigningKey.rsa(kid: "rsa-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let header = #"{"alg":"HS256","kid":"rsa-1","typ":"JWT"}"#.base64URL
            let payload = try JSONEncoder().encode(claims(issuer)).base64URL
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: SymmetricKey(data: key.publicKeyBytes))
            let token = "\(header).\(payload).\(Data(mac).base64URL)"
            #expect(await code { _ = try await verifier.verify(BearerToken(token)) } == .disallowedAlgorithm)
        }
    }

    @Test func refusesAnAlgorithmThatDoesNotFitTheKey() async throws {
        let rsa = try await TestSigningKey.rsa(kid: "shared-kid")
        let ec = try await TestSigningKey.es256(kid: "shared-kid")
        try await withVerifier(publishing: [rsa]) { _, verifier, issuer in
            // An ES256 token naming an RSA key's kid finds no suitable key.
            let token = try await ec.sign(claims(issuer))
            #expect(await code { _ = try await verifier.verify(BearerToken(token)) } == .unknownKey)
        }
    }

    @Test func refusesExpiredAndNotYetValidTokens() async throws {
        let key = try await TestSigningKey.es256(kid: "ec-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let expired = try await key.sign(claims(issuer, expiresIn: -120))
            #expect(await code { _ = try await verifier.verify(BearerToken(expired)) } == .expired)
            let early = try await key.sign(claims(issuer, notBefore: Date().addingTimeInterval(600)))
            #expect(await code { _ = try await verifier.verify(BearerToken(early)) } == .notYetValid)
        }
    }

    @Test func cachedTokensStillExpire() async throws {
        let key = try await TestSigningKey.es256(kid: "ec-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let token = BearerToken(try await key.sign(claims(issuer, expiresIn: 60)))
            _ = try await verifier.verify(token)
            #expect(await code { _ = try await verifier.verify(token, now: Date().addingTimeInterval(3600)) } == .expired)
        }
    }

    @Test func refusesAnotherIssuer() async throws {
        let key = try await TestSigningKey.rsa(kid: "rsa-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let token = try await key.sign(claims(issuer + "-evil"))
            #expect(await code { _ = try await verifier.verify(BearerToken(token)) } == .wrongIssuer)
        }
    }

    @Test func refusesIDTokensAndTokensWithoutSubject() async throws {
        let key = try await TestSigningKey.es256(kid: "ec-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            var idToken = claims(issuer)
            idToken.type = "ID"
            #expect(await code { _ = try await verifier.verify(BearerToken(try await key.sign(idToken))) } == .malformed)
            var anonymous = claims(issuer)
            anonymous.subject = nil
            #expect(await code { _ = try await verifier.verify(BearerToken(try await key.sign(anonymous))) } == .malformed)
        }
    }

    @Test func refusesCriticalHeadersAndGarbage() async throws {
        let key = try await TestSigningKey.rsa(kid: "rsa-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let token = try await key.sign(claims(issuer))
            let parts = token.split(separator: ".")
            let crit = #"{"alg":"RS256","kid":"rsa-1","crit":["exp"],"exp":1}"#.base64URL
            #expect(await code { _ = try await verifier.verify(BearerToken("\(crit).\(parts[1]).\(parts[2])")) } == .malformed)
            #expect(await code { _ = try await verifier.verify(BearerToken("not-a-jwt")) } == .malformed)
            #expect(await code { _ = try await verifier.verify(BearerToken("a.b.c.d.e")) } == .malformed)
        }
    }

    @Test func unknownKidTriggersOneRefresh() async throws {
        let first = try await TestSigningKey.rsa(kid: "old")
        let rotated = try await TestSigningKey.es256(kid: "new")
        try await withVerifier(publishing: [first], refreshInterval: .zero) { provider, verifier, issuer in
            _ = try await verifier.verify(BearerToken(try await first.sign(claims(issuer))))
            #expect(provider.jwksFetches == 1)
            provider.publish(rotated)
            let verified = try await verifier.verify(BearerToken(try await rotated.sign(claims(issuer))))
            #expect(verified.subject == "user-1")
            #expect(provider.jwksFetches == 2)
        }
    }

    @Test func unknownKidRefreshesAreRateLimited() async throws {
        let first = try await TestSigningKey.rsa(kid: "old")
        let stranger = try await TestSigningKey.es256(kid: "stranger")
        try await withVerifier(publishing: [first], refreshInterval: .seconds(3600)) { provider, verifier, issuer in
            _ = try await verifier.verify(BearerToken(try await first.sign(claims(issuer))))
            for _ in 0..<5 {
                #expect(await code { _ = try await verifier.verify(BearerToken(try await stranger.sign(claims(issuer)))) } == .unknownKey)
            }
            #expect(provider.jwksFetches == 1)
        }
    }

    @Test func publicIssuerIsReachedOverTheBackchannelWithFailover() async throws {
        let key = try await TestSigningKey.rsa(kid: "rsa-1")
        let publicIssuer = "https://imaging.example.org/auth/realms/test"
        let provider = TestIssuer(publicIssuer: publicIssuer)
        provider.publish(key)
        try await withLocalServer(provider.router()) { port in
            let location = IssuerLocation(
                issuer: publicIssuer, backchannelBases: ["http://127.0.0.1:1/realms/test", "http://127.0.0.1:\(port)/realms/test"])
            let metadata = IssuerMetadata(location: location, client: BackchannelClient(httpClient: .test), logger: .quiet("jwks"))
            let verifier = JWTVerifier(metadata: metadata)
            let verified = try await verifier.verify(BearerToken(try await key.sign(claims(publicIssuer))))
            #expect(verified.issuer == publicIssuer)
            #expect(provider.jwksFetches == 1)
        }
    }

    @Test func unreachableIssuerIsNotAnInvalidToken() async throws {
        let key = try await TestSigningKey.rsa(kid: "rsa-1")
        let metadata = IssuerMetadata(
            location: IssuerLocation(issuer: "http://127.0.0.1:9/realms/none"), client: BackchannelClient(httpClient: .test, timeout: .seconds(2)),
            logger: .quiet("jwks"))
        let verifier = JWTVerifier(metadata: metadata)
        let token = try await key.sign(claims("http://127.0.0.1:9/realms/none"))
        #expect(await code { _ = try await verifier.verify(BearerToken(token)) } == .issuerUnavailable)
    }

    @Test func requirementsSeparateWrongRoleFromWrongAudience() async throws {
        let key = try await TestSigningKey.es256(kid: "ec-1")
        try await withVerifier(publishing: [key]) { _, verifier, issuer in
            let verified = try await verifier.verify(BearerToken(try await key.sign(claims(issuer, roles: ["pacs-read"]))))
            try TokenRequirement(realmRoles: ["pacs-read"]).check(verified)
            #expect(await code { try TokenRequirement(realmRoles: ["pacs-admin"]).check(verified) } == .insufficientRole)
            #expect(await code { try TokenRequirement(clientRoles: ["account": ["manage-account"]]).check(verified) } == .insufficientRole)
            #expect(await code { try TokenRequirement(audience: "pacs").check(verified) } == .wrongAudience)
            try TokenRequirement(audience: "account").check(verified)
        }
    }
}
