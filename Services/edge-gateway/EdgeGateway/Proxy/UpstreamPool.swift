import Foundation
import Synchronization

/// The replicas of one upstream service and what the gateway currently believes about them.
///
/// Selection is round-robin or least-connections over the replicas considered up. A replica
/// is marked down by passive detection (a forwarded request failed to connect or timed out
/// `maximumFailures` times in a row) for `failTimeout`, or by the active health check until
/// its `/readyz` answers 200 again — nginx's `max_fails`/`fail_timeout` plus an active probe.
/// The replica list may change at run time (``replace(with:)``, used when a configured host
/// name resolves to other addresses); what is known about kept replicas stays.
public final class UpstreamPool: Sendable {
    /// One replica's base URL (no trailing slash).
    public struct Replica: Sendable, Hashable {
        /// e.g. `http://pacs-1:8042`.
        public let baseURL: String
        /// Where it listens, parsed once; `nil` when the URL is unusable.
        let address: UpstreamAddress?

        /// Creates a replica; a trailing slash is dropped.
        public init(baseURL: String) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.address = try? UpstreamAddress(baseURL: self.baseURL)
        }

        public static func == (lhs: Replica, rhs: Replica) -> Bool { lhs.baseURL == rhs.baseURL }
        public func hash(into hasher: inout Hasher) { hasher.combine(baseURL) }
    }

    /// How the next replica is chosen.
    public enum Balancing: String, Sendable {
        /// In turn.
        case roundRobin = "round-robin"
        /// The one with the fewest requests in flight (ties in turn) — nginx's `least_conn`.
        case leastConnections = "least-connections"
    }

    private struct Member {
        var replica: Replica
        var consecutiveFailures = 0
        var downUntil: ContinuousClock.Instant?
        var activelyDown = false
        var inFlight = 0
    }

    /// Name for logs and errors, e.g. `pacs-service`.
    public let name: String
    /// The base URLs as configured (host names not yet resolved).
    public let configuredURLs: [String]
    let balancing: Balancing
    let maximumFailures: Int
    let failTimeout: Duration
    private let state: Mutex<(next: Int, members: [Member])>

    /// Creates a pool.
    /// - Parameters:
    ///   - name: Upstream name.
    ///   - baseURLs: Replica base URLs.
    ///   - balancing: Replica choice.
    ///   - maximumFailures: Consecutive failures that mark a replica down.
    ///   - failTimeout: How long a passively failed replica is skipped.
    public init(
        name: String, baseURLs: [String], balancing: Balancing = .roundRobin, maximumFailures: Int = 1, failTimeout: Duration = .seconds(10)
    ) {
        self.name = name
        self.configuredURLs = baseURLs
        self.balancing = balancing
        self.maximumFailures = max(1, maximumFailures)
        self.failTimeout = failTimeout
        self.state = Mutex((next: 0, members: baseURLs.map { Member(replica: Replica(baseURL: $0)) }))
    }

    /// The current replicas.
    public var replicas: [Replica] {
        state.withLock { $0.members.map(\.replica) }
    }

    /// Replaces the replica list, keeping the state of replicas that stay.
    public func replace(with replicas: [Replica]) {
        state.withLock { state in
            let old = Dictionary(state.members.map { ($0.replica, $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set<Replica>()
            state.members = replicas.filter { seen.insert($0).inserted }.map { old[$0] ?? Member(replica: $0) }
            state.next = state.members.isEmpty ? 0 : state.next % state.members.count
        }
    }

    /// Replicas to try for one request, in order: healthy ones first (by the balancing rule),
    /// then — only when no replica is believed up — the others, so a request still has a chance.
    /// - Parameter limit: Most replicas returned.
    public func candidates(limit: Int) -> [Replica] {
        let now = ContinuousClock.now
        return state.withLock { state in
            let count = state.members.count
            guard count > 0 else { return [] }
            let start = state.next
            state.next = (state.next + 1) % count
            var up: [Int] = []
            var down: [Int] = []
            for offset in 0..<count {
                let index = (start + offset) % count
                if Self.isUp(state.members[index], now: now) { up.append(index) } else { down.append(index) }
            }
            var chosen = up.isEmpty ? down : up
            if balancing == .leastConnections {
                // Stable sort: equal counts keep their round-robin order.
                chosen = chosen.enumerated().sorted { lhs, rhs in
                    let (left, right) = (state.members[lhs.element].inFlight, state.members[rhs.element].inFlight)
                    return left != right ? left < right : lhs.offset < rhs.offset
                }.map(\.element)
            }
            return chosen.prefix(max(1, limit)).map { state.members[$0].replica }
        }
    }

    /// Whether any replica is believed up.
    public var hasHealthyReplica: Bool {
        let now = ContinuousClock.now
        return state.withLock { state in state.members.contains { Self.isUp($0, now: now) } }
    }

    /// Counts a request in flight on `replica` until the returned lease is released (or dropped).
    public func lease(_ replica: Replica) -> Lease {
        update(replica) { $0.inFlight += 1 }
        return Lease(pool: self, replica: replica)
    }

    /// Requests in flight on `replica`.
    public func inFlight(_ replica: Replica) -> Int {
        state.withLock { state in state.members.first { $0.replica == replica }?.inFlight ?? 0 }
    }

    /// Records that a request to `replica` failed at the connection level.
    public func recordFailure(_ replica: Replica) {
        let now = ContinuousClock.now
        update(replica) { member in
            member.consecutiveFailures += 1
            if member.consecutiveFailures >= maximumFailures {
                member.downUntil = now + failTimeout
                member.consecutiveFailures = 0
            }
        }
    }

    /// Records that `replica` answered.
    public func recordSuccess(_ replica: Replica) {
        update(replica) { member in
            member.consecutiveFailures = 0
            member.downUntil = nil
        }
    }

    /// Records the active health check's verdict for `replica`.
    public func recordProbe(_ replica: Replica, up: Bool) {
        update(replica) { member in
            member.activelyDown = !up
            if up { member.downUntil = nil }
        }
    }

    private func update(_ replica: Replica, _ change: (inout Member) -> Void) {
        state.withLock { state in
            guard let index = state.members.firstIndex(where: { $0.replica == replica }) else { return }
            change(&state.members[index])
        }
    }

    private static func isUp(_ member: Member, now: ContinuousClock.Instant) -> Bool {
        if member.activelyDown { return false }
        if let until = member.downUntil, until > now { return false }
        return true
    }

    /// One request in flight on a replica; released once (explicitly or when dropped).
    public final class Lease: Sendable {
        private let pool: UpstreamPool
        private let replica: Replica
        private let released = Atomic<Bool>(false)

        fileprivate init(pool: UpstreamPool, replica: Replica) {
            self.pool = pool
            self.replica = replica
        }

        /// Ends the request's count.
        public func release() {
            guard !released.exchange(true, ordering: .relaxed) else { return }
            pool.update(replica) { $0.inFlight = max(0, $0.inFlight - 1) }
        }

        deinit { release() }
    }
}
