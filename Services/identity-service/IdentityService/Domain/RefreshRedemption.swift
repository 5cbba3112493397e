import Foundation
import ServiceSupport

/// What presenting a refresh token at the token endpoint did (``GrantStore/redeemRefreshToken(_:)``).
public enum RefreshRedemption: Sendable, Hashable {
    /// Unknown, revoked, issued to another client, or not of the presented session or user.
    case invalid
    /// Its session ended or is past its idle or maximum lifespan.
    case sessionInactive
    /// Rotation is on and the token was used before: a replay (nothing was written).
    case reused(SSOSession)
    /// Redeemed: the session as it was before this refresh (its `lastRefresh` is now the
    /// request's time) and the replacement token's record, already stored.
    case redeemed(SSOSession, replacement: RefreshTokenRecord)
}

/// A refresh-token grant, as the store needs it to redeem the token in one statement.
public struct RefreshRequest: Sendable, Hashable {
    /// The presented token's `jti`.
    public var tokenID: UUID
    /// Internal id of the authenticated client (the token must be its own).
    public var clientID: UUID
    /// The token's `sid` and `sub`: its session and user must be these.
    public var sessionID: UUID
    /// The user the token was issued to.
    public var userID: UUID
    /// Whether it is an `Offline` token (its session must be an offline session).
    public var offline: Bool
    /// Rotation (`revokeRefreshToken`): the token may be used once.
    public var rotate: Bool
    /// The request's time.
    public var now: Date
    /// The session is active when `lastRefresh` is after this (``SSOSession/activityCutoffs(_:offline:now:)``) …
    public var lastRefreshAfter: Date
    /// … and, when set, `authTime` is after this.
    public var authTimeAfter: Date?
    /// The replacement token's `jti`.
    public var replacementID: UUID
    /// It expires at `idleEnd` or `maximumLifespan` after the session's authentication, whichever
    /// comes first (``SSOSession/refreshTokenBounds(_:offline:now:)``).
    public var replacementIdleEnd: Date
    /// See `replacementIdleEnd`.
    public var replacementMaximumLifespan: TimeInterval?

    /// Builds the request for a verified token under the realm's settings.
    public init(tokenID: UUID, clientID: UUID, sessionID: UUID, userID: UUID, offline: Bool, settings: RealmSettings, now: Date) {
        self.tokenID = tokenID
        self.clientID = clientID
        self.sessionID = sessionID
        self.userID = userID
        self.offline = offline
        self.rotate = settings.revokeRefreshToken
        self.now = now
        (lastRefreshAfter, authTimeAfter) = SSOSession.activityCutoffs(settings, offline: offline, now: now)
        replacementID = SecureRandom.uuid()
        (replacementIdleEnd, replacementMaximumLifespan) = SSOSession.refreshTokenBounds(settings, offline: offline, now: now)
    }
}
