import Crypto
import _CryptoExtras
import Foundation
import NIOPosix

/// PBKDF2 hashing and verification compatible with Keycloak's `pbkdf2`, `pbkdf2-sha256`
/// and `pbkdf2-sha512` providers. Hashing runs on NIO's thread pool so request threads
/// stay free while 210,000 iterations run; concurrent PBKDF2-SHA512 derivations share it
/// through ``PBKDF2Batcher``.
public struct PasswordHasher: Sendable {
    /// Longest password accepted (bounds the hashing cost an attacker can cause).
    public static let maximumPasswordBytes = 1024
    /// Salt length in bytes (Keycloak: 16).
    public static let saltBytes = 16
    /// Derived-key length in bytes for new hashes (Keycloak: 512 bits).
    public static let derivedKeyBytes = 64

    /// Creates a hasher.
    public init() {}

    /// Hashes a new password under the policy's algorithm and iteration count.
    /// - Parameters:
    ///   - password: The plain password.
    ///   - policy: The realm's password policy.
    /// - Returns: The credential to store.
    /// - Throws: ``IdentityError`` `.invalidRequest` when the password is too long.
    public func hash(_ password: String, policy: PasswordPolicy) async throws -> PasswordCredential {
        let salt = (0..<Self.saltBytes).map { _ in UInt8.random(in: .min ... .max) }
        let algorithm = policy.hashAlgorithm
        let iterations = policy.effectiveIterations
        let key = try await derive(password, salt: salt, algorithm: algorithm, iterations: iterations, length: Self.derivedKeyBytes)
        return PasswordCredential(algorithm: algorithm, iterations: iterations, salt: salt, hash: key)
    }

    /// Verifies a password against a stored credential in constant time.
    /// - Parameters:
    ///   - password: The presented password.
    ///   - credential: The stored credential.
    /// - Returns: true when the password matches.
    public func verify(_ password: String, against credential: PasswordCredential) async -> Bool {
        guard !credential.hash.isEmpty,
              let key = try? await derive(password, salt: credential.salt, algorithm: credential.algorithm,
                                          iterations: credential.iterations, length: credential.hash.count)
        else { return false }
        return constantTimeEquals(key, credential.hash)
    }

    /// Spends the same work as a verification, for unknown users (no timing oracle).
    /// - Parameter policy: The realm's policy, whose cost a real verification would pay.
    public func simulateVerification(policy: PasswordPolicy) async {
        _ = try? await derive("x", salt: [UInt8](repeating: 0, count: Self.saltBytes), algorithm: policy.hashAlgorithm,
                              iterations: policy.effectiveIterations, length: Self.derivedKeyBytes)
    }

    /// PBKDF2 under `algorithm`. SHA-512 keys of at most 64 bytes (Keycloak's default and
    /// every credential this service writes) go to ``PBKDF2Batcher``, which runs concurrent
    /// derivations together in SIMD lanes; the rest to swift-crypto on the thread pool.
    private func derive(_ password: String, salt: [UInt8], algorithm: PasswordAlgorithm, iterations: Int, length: Int) async throws -> [UInt8] {
        guard password.utf8.count <= Self.maximumPasswordBytes else {
            throw IdentityError(.invalidRequest, "password too long")
        }
        guard iterations > 0, iterations <= 10_000_000, length > 0, length <= 256 else {
            throw IdentityError(.invalidRequest, "unsupported hash parameters")
        }
        if algorithm == .pbkdf2SHA512, length <= PBKDF2Batcher.maximumKeyBytes {
            return try await PBKDF2Batcher.shared.derive(password: password, salt: salt, iterations: iterations, length: length)
        }
        let bytes = Array(password.utf8)
        let function: KDF.Insecure.PBKDF2.HashFunction = switch algorithm {
        case .pbkdf2: .insecureSHA1
        case .pbkdf2SHA256: .sha256
        case .pbkdf2SHA512: .sha512
        }
        return try await NIOThreadPool.singleton.runIfActive {
            let key = try KDF.Insecure.PBKDF2.deriveKey(from: bytes, salt: salt, using: function,
                                                        outputByteCount: length, unsafeUncheckedRounds: iterations)
            return key.withUnsafeBytes { Array($0) }
        }
    }
}

/// Compares two byte strings in time that depends only on their lengths.
/// - Returns: true when equal.
public func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for (a, b) in zip(lhs, rhs) { difference |= a ^ b }
    return difference == 0
}

/// Compares two strings' UTF-8 bytes in constant time (client secrets, CSRF tokens).
/// - Returns: true when equal.
public func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
}
