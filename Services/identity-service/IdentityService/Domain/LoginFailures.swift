import Foundation

/// A user's brute-force state and Keycloak's rules for updating it (BruteForceProtector).
public struct LoginFailures: Sendable, Hashable {
    /// Consecutive failures counted.
    public var failures: Int = 0
    /// Time of the last failure.
    public var lastFailure: Date?
    /// Temporarily locked until this time.
    public var lockedUntil: Date?
    /// Locked until an administrator resets it.
    public var permanentlyLocked: Bool = false

    /// A state with no failures.
    public init() {}

    /// Whether the user may not log in at `now`.
    public func isLocked(at now: Date) -> Bool {
        permanentlyLocked || (lockedUntil.map { $0 > now } ?? false)
    }

    /// The state after a failed login at `now` under the realm's settings.
    /// - Parameters:
    ///   - settings: Realm brute-force settings.
    ///   - now: Failure time.
    /// - Returns: The new state.
    public func recordingFailure(_ settings: RealmSettings, at now: Date) -> LoginFailures {
        var next = self
        if let last = lastFailure, now.timeIntervalSince(last) > Double(settings.maxDeltaTimeSeconds) {
            next.failures = 0
        }
        next.failures += 1
        let factor = max(1, settings.failureFactor)
        if settings.permanentLockout, next.failures >= factor {
            next.permanentlyLocked = true
        } else if let last = lastFailure, now.timeIntervalSince(last) * 1000 < Double(settings.quickLoginCheckMilliSeconds) {
            next.lockedUntil = now.addingTimeInterval(Double(settings.minimumQuickLoginWaitSeconds))
        } else if next.failures % factor == 0 {
            let wait = min(settings.waitIncrementSeconds * (next.failures / factor), settings.maxFailureWaitSeconds)
            next.lockedUntil = now.addingTimeInterval(Double(wait))
        }
        next.lastFailure = now
        return next
    }
}
