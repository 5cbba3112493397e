import ServiceSupport
import Crypto
import _CryptoExtras
import Foundation

/// One loaded realm key and the JWS compact serialization (RFC 7515 §7.1) of the tokens it
/// signs: RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) for published tokens, HS512
/// for internal ones. The RSA key is parsed once per load (BoringSSL signs with CRT), and the
/// protected header — the same for every token of a key — is encoded once.
struct RealmSigningKey: Sendable {
    /// The kind of key, with its material.
    enum Material: Sendable {
        /// An RSA key pair (the public half extracted once).
        case rsa(_RSA.Signing.PrivateKey, _RSA.Signing.PublicKey)
        /// An HMAC secret, as an authenticator already keyed with it: the key's padding and
        /// hashing are done once, and each token copies the keyed state.
        case hmac(HMAC<SHA512>)

        /// The HMAC-SHA512 material of `secret`.
        static func hmac(secret: SymmetricKey) -> Material { .hmac(HMAC<SHA512>(key: secret)) }
    }

    /// The key id (`kid`).
    let kid: String
    /// `RS256` or `HS512`.
    let algorithm: String
    let material: Material
    /// Base64url of this key's protected header, `{"alg":…,"typ":"JWT","kid":…}`.
    let encodedHeader: [UInt8]

    /// Wraps key material under its id.
    init(kid: String, material: Material) {
        let algorithm = switch material {
        case .rsa: SigningKeyRing.publicAlgorithm
        case .hmac: SigningKeyRing.internalAlgorithm
        }
        self.kid = kid
        self.material = material
        self.algorithm = algorithm
        encodedHeader = Base64URL.encodedBytes(JSONWriter.object(capacity: 96) { json in
            json.member("alg", algorithm)
            json.member("typ", "JWT")
            json.member("kid", kid)
        })
    }

    /// The compact JWS of a payload: `header.payload.signature`.
    func sign(payload: [UInt8]) throws -> String {
        var token = encodedHeader
        token.reserveCapacity(encodedHeader.count + payload.count * 4 / 3 + 360)
        token.append(UInt8(ascii: "."))
        token.append(contentsOf: Base64URL.encodedBytes(payload))
        let signature: [UInt8]
        switch material {
        case .rsa(let key, _):
            signature = Array(try key.signature(for: SHA256.hash(data: token), padding: .insecurePKCS1v1_5).rawRepresentation)
        case .hmac(let keyed):
            var authenticator = keyed
            authenticator.update(data: token)
            signature = Array(authenticator.finalize())
        }
        token.append(UInt8(ascii: "."))
        token.append(contentsOf: Base64URL.encodedBytes(signature))
        return String(decoding: token, as: UTF8.self)
    }

    /// Whether `signature` is this key's signature of `signingInput` (constant time for HMAC).
    func verifies(_ signature: [UInt8], of signingInput: Substring.UTF8View) -> Bool {
        // The token's own bytes, in place (a native string's are contiguous); copying them
        // into an array went byte by byte through the view.
        signingInput.withContiguousStorageIfAvailable { verifies(signature, of: UnsafeRawBufferPointer($0)) }
            ?? verifies(signature, of: Array(signingInput))
    }

    private func verifies(_ signature: [UInt8], of signingInput: some DataProtocol) -> Bool {
        switch material {
        case .rsa(_, let key):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signingInput),
                                        padding: .insecurePKCS1v1_5)
        case .hmac(let keyed):
            var authenticator = keyed
            authenticator.update(data: signingInput)
            return authenticator.finalize() == signature  // constant time (swift-crypto's safeCompare)
        }
    }
}

/// The parts of a compact JWS, split but not yet trusted.
struct CompactJWS {
    /// The protected header segment (base64url).
    let header: Substring
    /// `header.payload`: what the signature covers.
    let signingInput: Substring
    /// The payload segment (base64url).
    let payload: Substring
    /// The signature segment (base64url).
    let signature: Substring

    /// Splits `token` into its three segments.
    /// - Returns: nil unless it has exactly three segments.
    init?(_ token: String) {
        let utf8 = token.utf8
        // The dots' offsets, found in the string's contiguous bytes when it has them (a
        // search through the view's generic iterator cost several times more per byte).
        let dots = utf8.withContiguousStorageIfAvailable(Self.dotOffsets) ?? Array(utf8).withUnsafeBufferPointer(Self.dotOffsets)
        guard let dots else { return nil }
        let first = utf8.index(utf8.startIndex, offsetBy: dots.first)
        let second = utf8.index(utf8.startIndex, offsetBy: dots.second)
        header = token[..<first]
        signingInput = token[..<second]
        payload = token[token.index(after: first)..<second]
        signature = token[token.index(after: second)...]
    }

    /// The offsets of the two dots of `bytes`; nil unless it has exactly two.
    private static func dotOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> (first: Int, second: Int)? {
        var first: Int?
        var second: Int?
        for offset in bytes.indices where bytes[offset] == UInt8(ascii: ".") {
            if first == nil {
                first = offset
            } else if second == nil {
                second = offset
            } else {
                return nil
            }
        }
        guard let first, let second else { return nil }
        return (first, second)
    }

    /// The header's `alg` and `kid`.
    struct Header: Decodable {
        var alg: String
        var kid: String
    }
}
