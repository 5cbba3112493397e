import Crypto
import _CryptoExtras
import Foundation
import JWTKit
import Testing
import TokenSupport

/// A real key pair that signs test tokens and publishes its public half as a JWK.
struct TestSigningKey: Sendable {
    let kid: String
    let algorithm: String
    let publicJWK: [String: String]
    let signer: JWTKeyCollection
    /// DER of the public key (what a confused verifier might use as an HMAC secret).
    let publicKeyBytes: Data

    /// A fresh RSA-2048 key for RS256.
    static func rsa(kid: String) async throws -> TestSigningKey {
        let key = try Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
        let signer = JWTKeyCollection()
        await signer.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        return TestSigningKey(
            kid: kid, algorithm: "RS256",
            publicJWK: ["kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": modulus.base64URL, "e": exponent.base64URL],
            signer: signer, publicKeyBytes: key.publicKey.derRepresentation
        )
    }

    /// A fresh P-256 key for ES256.
    static func es256(kid: String) async throws -> TestSigningKey {
        let key = ES256PrivateKey()
        let parameters = try #require(key.publicKey.parameters)
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        return TestSigningKey(
            kid: kid, algorithm: "ES256",
            publicJWK: ["kty": "EC", "kid": kid, "use": "sig", "crv": "P-256", "x": parameters.x, "y": parameters.y],
            signer: signer, publicKeyBytes: Data(key.publicKey.pemRepresentation.utf8)
        )
    }

    /// Signs `claims` with this key and its `kid`.
    func sign(_ claims: AccessTokenClaims) async throws -> String {
        try await signer.sign(claims, kid: JWKIdentifier(string: kid))
    }
}

extension Data {
    /// Unpadded base64url (RFC 7515 §2).
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension String {
    /// Unpadded base64url of the UTF-8 bytes.
    var base64URL: String { Data(utf8).base64URL }
}
