import Foundation

/// A realm's RS256 signing key as stored (PEM private key; the public half is derived).
public struct SigningKeyRecord: Sendable, Hashable {
    /// Key id (`kid` header, JWKS `kid`).
    public var kid: String
    /// The realm.
    public var realmID: UUID
    /// PKCS#8 or PKCS#1 PEM of the private key. Secret: never logged.
    public var privateKeyPEM: String
    /// Creation time.
    public var createdAt: Date
    /// When it stopped signing; nil for the active key.
    public var retiredAt: Date?

    /// Creates a record.
    public init(kid: String, realmID: UUID, privateKeyPEM: String, createdAt: Date, retiredAt: Date? = nil) {
        self.kid = kid
        self.realmID = realmID
        self.privateKeyPEM = privateKeyPEM
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}
