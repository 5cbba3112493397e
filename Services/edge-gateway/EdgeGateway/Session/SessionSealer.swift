import Crypto
import Foundation

/// Seals small values into opaque cookie strings with AES-256-GCM (confidential and
/// tamper-evident), so login sessions live in the browser and gateway replicas share nothing.
///
/// Keys are derived with HKDF-SHA256 from configured secrets. The first key seals; every
/// key opens, so a secret can be rotated by putting the new one first and dropping the old
/// one after the session lifetime. The cookie's name is authenticated data: a value sealed
/// as one cookie cannot be replayed as another.
public struct SessionSealer: Sendable {
    private let keys: [SymmetricKey]
    static let prefix = "v1."

    /// Creates a sealer.
    /// - Parameter secrets: Secrets, newest first (each at least 32 bytes of entropy).
    public init(secrets: [String]) {
        keys = secrets.map { secret in
            HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), info: Data("tessera-gateway-session-v1".utf8), outputByteCount: 32)
        }
    }

    /// Seals `value` for the cookie `name`.
    /// - Returns: `v1.` followed by base64url(nonce ‖ ciphertext ‖ tag).
    public func seal<Value: Encodable>(_ value: Value, name: String) throws -> String {
        guard let key = keys.first else { throw GatewayError(.unavailable, "no session key") }
        let plaintext = try JSONEncoder().encode(value)
        let box = try AES.GCM.seal(plaintext, using: key, nonce: AES.GCM.Nonce(), authenticating: Data(name.utf8))
        guard let combined = box.combined else { throw GatewayError(.unavailable, "cannot seal session") }
        return Self.prefix + Base64URL.encode(combined)
    }

    /// Opens a value sealed for the cookie `name`.
    /// - Returns: The value, or `nil` when it was not sealed by one of our keys, was altered, or does not decode.
    public func open<Value: Decodable>(_ text: String, as type: Value.Type, name: String) -> Value? {
        guard text.hasPrefix(Self.prefix), text.utf8.count <= 64 * 1024, let data = Base64URL.decode(text.dropFirst(Self.prefix.count)),
              let box = try? AES.GCM.SealedBox(combined: data)
        else { return nil }
        for key in keys {
            if let plaintext = try? AES.GCM.open(box, using: key, authenticating: Data(name.utf8)) {
                return try? JSONDecoder().decode(Value.self, from: plaintext)
            }
        }
        return nil
    }
}

/// Unpadded base64url (RFC 4648 §5).
enum Base64URL {
    static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> Data? {
        guard text.utf8.allSatisfy({ byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    /// `count` random bytes, base64url-encoded (state, nonce, PKCE verifier).
    static func random(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return encode((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
