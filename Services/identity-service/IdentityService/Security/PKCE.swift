import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636); only `S256` is accepted.
public enum PKCE {
    /// RFC 7636 §4.1: 43–128 characters of `[A-Za-z0-9-._~]`.
    /// - Parameter value: A code verifier or S256 challenge.
    /// - Returns: true when well-formed.
    public static func isWellFormed(_ value: String) -> Bool {
        (43...128).contains(value.utf8.count) && value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
        }
    }

    /// RFC 7636 §4.6: `BASE64URL(SHA256(verifier)) == challenge`, compared in constant time.
    /// - Parameters:
    ///   - verifier: The `code_verifier` from the token request.
    ///   - challenge: The stored `code_challenge`.
    /// - Returns: true when the verifier proves the challenge.
    public static func verifies(_ verifier: String, challenge: String) -> Bool {
        guard isWellFormed(verifier) else { return false }
        let computed = Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
        return constantTimeEquals(computed, challenge)
    }
}
