import Crypto
import Foundation

/// Random, URL-safe secrets and their SHA-256 digests.
public enum RandomToken {
    /// A random URL-safe base64 string of `bytes` random bytes.
    /// - Parameter bytes: Entropy in bytes (default 32).
    /// - Returns: The token text.
    public static func make(bytes: Int = 32) -> String {
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max) }
        return Base64URL.encode(raw)
    }

    /// SHA-256 of the token's UTF-8 bytes (what the database stores).
    public static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }
}

/// Base64url without padding (RFC 7515 §2).
public enum Base64URL {
    /// Encodes bytes.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes text, with or without padding.
    /// - Returns: nil when the text is not base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}
