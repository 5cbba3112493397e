import Foundation

/// A stored password: PBKDF2 parameters and the derived key (Keycloak's pbkdf2 family).
public struct PasswordCredential: Sendable, Hashable {
    /// `pbkdf2` (HMAC-SHA1), `pbkdf2-sha256` or `pbkdf2-sha512`.
    public var algorithm: PasswordAlgorithm
    /// PBKDF2 iteration count.
    public var iterations: Int
    /// Random salt.
    public var salt: [UInt8]
    /// Derived key; its length is the derived-key size used to verify.
    public var hash: [UInt8]

    /// Creates a credential value.
    public init(algorithm: PasswordAlgorithm, iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.algorithm = algorithm
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }
}

/// Keycloak's password-hash provider ids.
public enum PasswordAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// PBKDF2 with HMAC-SHA1 (Keycloak's legacy `pbkdf2`).
    case pbkdf2 = "pbkdf2"
    /// PBKDF2 with HMAC-SHA256.
    case pbkdf2SHA256 = "pbkdf2-sha256"
    /// PBKDF2 with HMAC-SHA512 (Keycloak's default since 24, with 210,000 iterations).
    case pbkdf2SHA512 = "pbkdf2-sha512"

    /// Keycloak's default iteration count for the algorithm.
    public var defaultIterations: Int {
        switch self {
        case .pbkdf2: 1_300_000
        case .pbkdf2SHA256: 600_000
        case .pbkdf2SHA512: 210_000
        }
    }
}
