import Foundation
import Synchronization

/// Per-client token buckets (e.g. for login and token endpoints): `burst` requests at once,
/// refilled at `perSecond`. The table of clients is bounded; when full, idle buckets go first.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Sustained requests per second per client.
    public let perSecond: Double
    /// Requests a client may make at once.
    public let burst: Double
    private let capacity: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    /// Creates a limiter.
    /// - Parameters:
    ///   - perSecond: Refill rate.
    ///   - burst: Bucket size.
    ///   - capacity: Most clients tracked.
    public init(perSecond: Double, burst: Int, capacity: Int = 100_000) {
        self.perSecond = perSecond
        self.burst = Double(max(1, burst))
        self.capacity = max(1, capacity)
    }

    /// Takes one token for `client`.
    /// - Returns: `false` when the client has none left.
    public func allow(_ client: String, now: ContinuousClock.Instant = .now) -> Bool {
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + max(0, seconds) * perSecond)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            if buckets[client] == nil, buckets.count >= capacity {
                // Full: forget clients whose buckets have refilled (they lose nothing).
                buckets = buckets.filter { entry in
                    let idle = now - entry.value.updated
                    return Double(idle.components.seconds) * perSecond + entry.value.tokens < burst
                }
                if buckets.count >= capacity, let any = buckets.keys.first { buckets[any] = nil }
            }
            buckets[client] = bucket
            return allowed
        }
    }
}
