import Foundation

/// An SSO session: one authentication of a user, shared by the clients that use it.
public struct SSOSession: Sendable, Hashable {
    /// The session id (`sid` claim, `session_state`).
    public var id: UUID
    /// The realm.
    public var realmID: UUID
    /// The authenticated user.
    public var userID: UUID
    /// When the user authenticated (`auth_time`).
    public var authTime: Date
    /// Last token refresh or login (drives the idle timeout).
    public var lastRefresh: Date

    /// Creates a session value.
    public init(id: UUID = UUID(), realmID: UUID, userID: UUID, authTime: Date, lastRefresh: Date) {
        self.id = id
        self.realmID = realmID
        self.userID = userID
        self.authTime = authTime
        self.lastRefresh = lastRefresh
    }

    /// Whether the session is still valid under the realm's idle and maximum lifespans.
    /// - Parameters:
    ///   - settings: The realm settings.
    ///   - now: The current time.
    /// - Returns: false once idle too long or older than the maximum lifespan.
    public func isActive(_ settings: RealmSettings, now: Date) -> Bool {
        now.timeIntervalSince(lastRefresh) <= Double(settings.ssoSessionIdleTimeout)
            && now.timeIntervalSince(authTime) <= Double(settings.ssoSessionMaxLifespan)
    }
}
