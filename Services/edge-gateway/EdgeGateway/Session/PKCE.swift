import Crypto
import Foundation

/// RFC 7636 proof key for code exchange, method S256.
enum PKCE {
    /// A fresh `code_verifier`: 32 random bytes, base64url (43 characters, §4.1).
    static func makeVerifier() -> String {
        Base64URL.random(bytes: 32)
    }

    /// `code_challenge = BASE64URL(SHA256(ASCII(code_verifier)))` (§4.2).
    static func challenge(for verifier: String) -> String {
        Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))
    }
}
