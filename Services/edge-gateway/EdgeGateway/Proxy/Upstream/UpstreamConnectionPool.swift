import NIOCore
import Synchronization

/// Connections are interchangeable only on the same event loop and replica.
struct UpstreamConnectionKey: Hashable, Sendable {
    let loop: ObjectIdentifier
    let address: UpstreamAddress

    init(loop: any EventLoop, address: UpstreamAddress) {
        self.loop = ObjectIdentifier(loop)
        self.address = address
    }
}

/// A keep-alive connection the pool can hold.
protocol PooledUpstreamConnection: AnyObject, Sendable {
    /// The connection's channel.
    var channel: any Channel { get }
    /// Where and on which loop it was made.
    var key: UpstreamConnectionKey { get }
    /// Closes it (idempotent).
    func close()
}

/// Idle keep-alive connections, per event loop and replica, most recently used first
/// (nginx's `keepalive` cache). A request takes a connection on its own event loop, so
/// reading the client, talking to the upstream and answering stay on one thread.
final class UpstreamConnectionPool<Connection: PooledUpstreamConnection>: Sendable {
    typealias Key = UpstreamConnectionKey

    private struct State {
        var idle: [Key: [Connection]] = [:]
        var closed = false
    }

    /// Most idle connections kept per loop and replica.
    let maximumIdle: Int
    private let state = Mutex(State())

    init(maximumIdle: Int) {
        self.maximumIdle = maximumIdle
    }

    /// An idle connection for `key` that is still open, or `nil`.
    func take(_ key: Key) -> Connection? {
        state.withLock { state in
            while let connection = state.idle[key]?.popLast() {
                if connection.channel.isActive { return connection }
            }
            return nil
        }
    }

    /// Keeps `connection` for the next request, or closes it when the pool is full or shut down.
    func put(_ connection: Connection) {
        let kept = state.withLock { state -> Bool in
            guard !state.closed, state.idle[connection.key, default: []].count < maximumIdle else { return false }
            state.idle[connection.key, default: []].append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Forgets `connection` (its channel closed while idle).
    func remove(_ connection: Connection) {
        state.withLock { state in
            state.idle[connection.key]?.removeAll { $0 === connection }
        }
    }

    /// Idle connections right now (for tests).
    var idleCount: Int {
        state.withLock { $0.idle.values.reduce(0) { $0 + $1.count } }
    }

    /// Closes every idle connection and keeps none from now on.
    func shutdown() {
        let connections = state.withLock { state -> [Connection] in
            state.closed = true
            defer { state.idle = [:] }
            return state.idle.values.flatMap { $0 }
        }
        for connection in connections { connection.close() }
    }
}
