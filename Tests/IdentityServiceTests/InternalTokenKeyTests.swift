import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

/// Refresh tokens (and other internal tokens) are HS512-signed as in Keycloak; the secret is never
/// published and an HS512 signature is accepted only on internal token types and only with the kid of
/// an HS512 key.
@Suite struct InternalTokenKeyTests {
    static let base = "/realms/test/protocol/openid-connect"

    func header(_ token: String) throws -> [String: Any] {
        let part = String(token.split(separator: ".")[0])
        let bytes = try #require(Base64URL.decode(part))
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    /// A compact JWS over `claims` with an explicit header, HMAC-SHA512 with `secret`.
    func hs512(_ claims: [String: Any], kid: String, secret: Data) throws -> String {
        let head = Base64URL.encode(try JSONSerialization.data(withJSONObject: ["alg": "HS512", "typ": "JWT", "kid": kid]))
        let body = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims))
        let mac = HMAC<SHA512>.authenticationCode(for: Array("\(head).\(body)".utf8), using: SymmetricKey(data: secret))
        return "\(head).\(body).\(Base64URL.encode(mac))"
    }

    @Test func refreshTokensAreHS512AndTheSecretIsNeverPublished() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            try await h.makeClient(realm, "backend") { $0.secret = "s3cret"; $0.directAccessGrantsEnabled = true }
            try await h.makeUser(realm, "alice")
            try await h.application().test(.router) { client in
                let response = try await client.execute(uri: "\(Self.base)/token", method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                                        body: formBody(["grant_type": "password", "username": "alice", "password": "correct horse"]))
                let tokens = try jsonObject(response.body)
                let refresh = try #require(tokens["refresh_token"] as? String)
                let access = try #require(tokens["access_token"] as? String)
                #expect(try header(refresh)["alg"] as? String == "HS512")
                #expect(try header(access)["alg"] as? String == "RS256")
                let jwks = try await h.flows.keys.jwks(realmID: realm.id, logger: h.logger)
                #expect(jwks.count == 1 && jwks[0]["kty"] == "RSA")
                #expect(!jwks.contains { $0["kid"] == (try? header(refresh)["kid"] as? String) })
                let certs = try await client.execute(uri: "\(Self.base)/certs", method: .get)
                #expect(!String(buffer: certs.body).contains("HS512"))
                // The refresh token still works and its introspection says so.
                let refreshed = try await client.execute(uri: "\(Self.base)/token", method: .post, headers: formHeaders(basic: ("backend", "s3cret")),
                                                         body: formBody(["grant_type": "refresh_token", "refresh_token": refresh]))
                #expect(refreshed.status == .ok)
            }
        }
    }

    @Test func hs512IsRefusedOnPublicTypesAndWithTheWrongKey() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let keys = h.flows.keys
            _ = try await keys.jwks(realmID: realm.id, logger: h.logger)
            let records = try await h.stores.signingKeys.keys(realmID: realm.id, retiredAfter: Date(), logger: h.logger)
            let hmac = try #require(records.first { $0.algorithm == "HS512" })
            let rsa = try #require(records.first { $0.algorithm == "RS256" })
            let secret = try #require(Data(base64Encoded: hmac.privateKeyPEM))
            let issuer = h.flows.issuer.issuer(for: realm)
            let now = Int(Date().timeIntervalSince1970)
            var claims: [String: Any] = ["iss": issuer, "typ": "Refresh", "jti": UUID().uuidString, "iat": now, "exp": now + 60, "azp": "c"]
            // A genuine internal token verifies.
            #expect(try await keys.verify(try hs512(claims, kid: hmac.kid, secret: secret), realmID: realm.id, logger: h.logger).typ == "Refresh")
            // The same secret cannot make an access token.
            claims["typ"] = "Bearer"
            await #expect(throws: IdentityError.self) {
                try await keys.verify(try hs512(claims, kid: hmac.kid, secret: secret), realmID: realm.id, logger: h.logger)
            }
            // HS512 under the RSA key's kid (algorithm confusion) is refused.
            claims["typ"] = "Refresh"
            await #expect(throws: IdentityError.self) {
                try await keys.verify(try hs512(claims, kid: rsa.kid, secret: secret), realmID: realm.id, logger: h.logger)
            }
            // A wrong secret is refused.
            await #expect(throws: IdentityError.self) {
                try await keys.verify(try hs512(claims, kid: hmac.kid, secret: Data(repeating: 7, count: 64)), realmID: realm.id, logger: h.logger)
            }
        }
    }
}
