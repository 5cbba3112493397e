import Foundation
import ServiceSupport

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
    public init(id: UUID = SecureRandom.uuid(), realmID: UUID, userID: UUID, authTime: Date, lastRefresh: Date, offline: Bool = false) {
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

    /// The session's activity bounds as cut-offs, for checking it in SQL: it is active at `now`
    /// exactly when `lastRefresh > lastRefreshAfter` and (when set) `authTime > authTimeAfter`
    /// (the same rule as ``isActive(_:now:)``).
    /// - Parameters:
    ///   - settings: The realm settings.
    ///   - offline: Whether the session is an offline session.
    ///   - now: The current time.
    public static func activityCutoffs(_ settings: RealmSettings, offline: Bool, now: Date) -> (lastRefreshAfter: Date, authTimeAfter: Date?) {
        let idle = offline ? settings.offlineSessionIdleTimeout : settings.ssoSessionIdleTimeout
        let lastRefreshAfter = now.addingTimeInterval(-(Double(idle) + 1))
        if offline && !settings.offlineSessionMaxLifespanEnabled { return (lastRefreshAfter, nil) }
        let maximum = offline ? settings.offlineSessionMaxLifespan : settings.ssoSessionMaxLifespan
        return (lastRefreshAfter, now.addingTimeInterval(-(Double(maximum) + 1)))
    }

    /// When a refresh token issued at `now` in a session of this kind expires: at `idleEnd`,
    /// or `maximumLifespan` after the authentication when that comes first.
    /// - Parameters:
    ///   - settings: The realm settings (offline timeouts for offline sessions).
    ///   - offline: Whether the session is an offline session.
    ///   - now: The time of issue.
    public static func refreshTokenBounds(_ settings: RealmSettings, offline: Bool, now: Date) -> (idleEnd: Date, maximumLifespan: TimeInterval?) {
        guard offline else {
            return (now.addingTimeInterval(Double(settings.ssoSessionIdleTimeout)), Double(settings.ssoSessionMaxLifespan))
        }
        let idleEnd = now.addingTimeInterval(Double(settings.offlineSessionIdleTimeout) + 1)
        return (idleEnd, settings.offlineSessionMaxLifespanEnabled ? Double(settings.offlineSessionMaxLifespan) + 1 : nil)
    }

    /// When a refresh token issued at `now` in this session expires (``refreshTokenBounds(_:offline:now:)``).
    public func refreshTokenExpiry(_ settings: RealmSettings, now: Date) -> Date {
        let bounds = Self.refreshTokenBounds(settings, offline: offline, now: now)
        guard let maximum = bounds.maximumLifespan else { return bounds.idleEnd }
        return min(bounds.idleEnd, authTime.addingTimeInterval(maximum))
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
