import Foundation

/// A realm's signing key as stored: an RS256 private key (PEM; the public half is derived and
/// published) or an HS512 secret for refresh tokens (base64; never published).
public struct SigningKeyRecord: Sendable, Hashable {
    /// Key id (`kid` header, JWKS `kid`).
    public var kid: String
    /// The realm.
    public var realmID: UUID
    /// RS256: PKCS#8 or PKCS#1 PEM of the private key; HS512: base64 of the secret. Secret: never logged.
    public var privateKeyPEM: String
    /// `RS256` (access and ID tokens) or `HS512` (refresh tokens).
    public var algorithm: String
    /// Creation time.
    public var createdAt: Date
    /// When it stopped signing; nil for the active key.
    public var retiredAt: Date?

    /// Creates a record.
    public init(kid: String, realmID: UUID, privateKeyPEM: String, createdAt: Date, retiredAt: Date? = nil, algorithm: String = "RS256") {
        self.algorithm = algorithm
        self.kid = kid
        self.realmID = realmID
        self.privateKeyPEM = privateKeyPEM
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}
