import Foundation
import Synchronization

/// The replicas of one upstream service and what the gateway currently believes about them.
///
/// Selection is round-robin over the replicas considered up. A replica is marked down by
/// passive detection (a forwarded request failed to connect or timed out `maximumFailures`
/// times in a row) for `failTimeout`, or by the active health check until its `/readyz`
/// answers 200 again — nginx's `max_fails`/`fail_timeout` plus an active probe.
public final class UpstreamPool: Sendable {
    /// One replica's base URL (no trailing slash).
    public struct Replica: Sendable, Hashable {
        /// e.g. `http://pacs-1:8042`.
        public let baseURL: String
    }

    private struct Health {
        var consecutiveFailures = 0
        var downUntil: ContinuousClock.Instant?
        var activelyDown = false
    }

    /// Name for logs and errors, e.g. `pacs-service`.
    public let name: String
    /// The replicas.
    public let replicas: [Replica]
    let maximumFailures: Int
    let failTimeout: Duration
    private let state: Mutex<(next: Int, health: [Health])>

    /// Creates a pool.
    /// - Parameters:
    ///   - name: Upstream name.
    ///   - baseURLs: Replica base URLs.
    ///   - maximumFailures: Consecutive failures that mark a replica down.
    ///   - failTimeout: How long a passively failed replica is skipped.
    public init(name: String, baseURLs: [String], maximumFailures: Int = 1, failTimeout: Duration = .seconds(10)) {
        self.name = name
        self.replicas = baseURLs.map { Replica(baseURL: $0.hasSuffix("/") ? String($0.dropLast()) : $0) }
        self.maximumFailures = max(1, maximumFailures)
        self.failTimeout = failTimeout
        self.state = Mutex((next: 0, health: Array(repeating: Health(), count: baseURLs.count)))
    }

    /// Replicas to try for one request, in order: the next healthy ones round-robin first,
    /// then (only when no replica is believed up) the others, so a request still has a chance.
    /// - Parameter limit: Most replicas returned.
    public func candidates(limit: Int) -> [Int] {
        let now = ContinuousClock.now
        return state.withLock { state in
            let count = replicas.count
            guard count > 0 else { return [] }
            let start = state.next
            state.next = (state.next + 1) % count
            var up: [Int] = []
            var down: [Int] = []
            for offset in 0..<count {
                let index = (start + offset) % count
                if Self.isUp(state.health[index], now: now) { up.append(index) } else { down.append(index) }
            }
            return Array((up.isEmpty ? down : up).prefix(max(1, limit)))
        }
    }

    /// Whether any replica is believed up.
    public var hasHealthyReplica: Bool {
        let now = ContinuousClock.now
        return state.withLock { state in state.health.contains { Self.isUp($0, now: now) } }
    }

    /// Records that a request to replica `index` failed at the connection level.
    public func recordFailure(_ index: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.health[index].consecutiveFailures += 1
            if state.health[index].consecutiveFailures >= maximumFailures {
                state.health[index].downUntil = now + failTimeout
                state.health[index].consecutiveFailures = 0
            }
        }
    }

    /// Records that replica `index` answered.
    public func recordSuccess(_ index: Int) {
        state.withLock { state in
            state.health[index].consecutiveFailures = 0
            state.health[index].downUntil = nil
        }
    }

    /// Records the active health check's verdict for replica `index`.
    public func recordProbe(_ index: Int, up: Bool) {
        state.withLock { state in
            state.health[index].activelyDown = !up
            if up { state.health[index].downUntil = nil }
        }
    }

    private static func isUp(_ health: Health, now: ContinuousClock.Instant) -> Bool {
        if health.activelyDown { return false }
        if let until = health.downUntil, until > now { return false }
        return true
    }
}
