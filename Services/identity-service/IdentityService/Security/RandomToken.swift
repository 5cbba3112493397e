import Crypto
import ExtrasBase64
import Foundation
import ServiceSupport

/// Random, URL-safe secrets and their SHA-256 digests.
public enum RandomToken {
    /// A random URL-safe base64 string of `bytes` random bytes.
    /// - Parameter bytes: Entropy in bytes (default 32).
    /// - Returns: The token text.
    public static func make(bytes: Int = 32) -> String {
        Base64URL.encode(SecureRandom.bytes(bytes))
    }

    /// SHA-256 of the token's UTF-8 bytes (what the database stores).
    public static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }
}

/// Base64url without padding (RFC 7515 §2), on UTF-8 bytes (every token signed or verified
/// passes through here).
public enum Base64URL {
    /// Encodes bytes.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        String(decoding: encodedBytes(bytes), as: UTF8.self)
    }

    /// Encodes bytes into base64url text as UTF-8 bytes.
    public static func encodedBytes(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        // `Array` of an array shares its storage; digests and `Data` are copied (at most 256 bytes).
        Base64.encodeToBytes(bytes: Array(bytes), options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }

    /// Decodes text, with or without padding.
    /// - Returns: nil when the text is not base64url.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        // Unpadded base64url (every JWT segment) decodes directly; anything else takes the
        // lenient path below (padding, or the standard alphabet's `+` and `/`).
        if let decoded = try? Base64.decode(bytes: text.utf8, options: [.base64UrlAlphabet, .omitPaddingCharacter]) {
            return decoded
        }
        return lenientDecode(text)
    }

    private static func lenientDecode(_ text: some StringProtocol) -> [UInt8]? {
        var base64: [UInt8] = []
        base64.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): base64.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): base64.append(UInt8(ascii: "/"))
            default: base64.append(byte)
            }
        }
        while base64.count % 4 != 0 { base64.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(base64)).map { Array($0) }
    }
}
