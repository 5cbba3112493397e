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
    /// An offline session (scope `offline_access`): survives SSO logout, offline timeouts apply.
    public var offline: Bool = false

    /// Creates a session value.
    public init(id: UUID = UUID(), realmID: UUID, userID: UUID, authTime: Date, lastRefresh: Date, offline: Bool = false) {
        self.offline = offline
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
        now < expiry(settings, now: now)
    }

    /// When the session ends unless used again: idle timeout from now, capped by the maximum lifespan.
    /// - Parameters:
    ///   - settings: The realm settings (offline timeouts for offline sessions).
    ///   - now: The current time.
    public func expiry(_ settings: RealmSettings, now: Date) -> Date {
        let idle = offline ? settings.offlineSessionIdleTimeout : settings.ssoSessionIdleTimeout
        let idleEnd = lastRefresh.addingTimeInterval(Double(idle) + 1)
        if offline && !settings.offlineSessionMaxLifespanEnabled { return idleEnd }
        let maximum = offline ? settings.offlineSessionMaxLifespan : settings.ssoSessionMaxLifespan
        return min(idleEnd, authTime.addingTimeInterval(Double(maximum) + 1))
    }
}
