import Foundation
import ServiceSupport

/// A refresh token's server-side record, keyed by the token's `jti`.
public struct RefreshTokenRecord: Sendable, Hashable {
    /// The `jti` of the refresh token.
    public var id: UUID
    /// Its SSO session.
    public var sessionID: UUID
    /// Internal id of the client it was issued to.
    public var clientID: UUID
    /// Scope it may refresh.
    public var scope: String
    /// Expiry.
    public var expiresAt: Date
    /// When it was first used (rotation), nil while unused.
    public var usedAt: Date?
    /// Revoked by logout, revocation or reuse detection.
    public var revoked: Bool = false

    /// Creates a record.
    public init(id: UUID = SecureRandom.uuid(), sessionID: UUID, clientID: UUID, scope: String, expiresAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.clientID = clientID
        self.scope = scope
        self.expiresAt = expiresAt
    }
}
