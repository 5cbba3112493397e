import NIOCore
import NIOHTTP1
import NIOPosix

/// The gateway's HTTP/1.1 client for proxied requests, written on SwiftNIO the way nginx's
/// upstream module works: keep-alive connections per event loop and replica, request and
/// response parts passed through as they come, no per-request client machinery.
///
/// A request runs on the event loop that owns the client's connection (the gateway passes
/// the server channel's loop), so no part of it hops threads. A connection goes back to
/// the pool only after a complete, well-framed response that did not ask to close;
/// anything else closes it.
final class UpstreamClient: Sendable {
    /// Why an exchange failed, in the terms the proxy's retry and status rules need.
    enum Failure: Error {
        /// No connection could be made (nothing was sent).
        case connect(any Error)
        /// Connecting took longer than the connect timeout (nothing was sent).
        case connectTimeout
        /// The connection ended before any response byte. `stale`: it was a reused keep-alive
        /// connection and the upstream cannot have received the whole request (a body-less
        /// request, or a body not yet completely sent), the usual sign of an upstream that
        /// closed an idle connection just as it was reused.
        case closed(stale: Bool)
        /// The first-byte, upload or idle timeout closed the connection.
        case timeout
        /// The upstream's answer could not be parsed.
        case malformed(any Error)
        /// Reading the client's body failed (size limit or the client went away).
        case clientBody(any Error)
    }

    let group: any EventLoopGroup
    let timeouts: ProxyTimeouts
    let pool: UpstreamConnectionPool<UpstreamConnection>
    private let poolIdle: TimeAmount
    private let tls: UpstreamTLS?

    /// Creates a client.
    /// - Parameters:
    ///   - group: Event loops for connections made off any loop of this group.
    ///   - timeouts: Connect, first-byte, upload and idle timeouts.
    ///   - maximumIdle: Idle connections kept per event loop and replica.
    ///   - poolIdle: How long an idle connection is kept.
    init(group: any EventLoopGroup, timeouts: ProxyTimeouts, maximumIdle: Int = 64, poolIdle: TimeAmount = .seconds(60)) {
        self.group = group
        self.timeouts = timeouts
        self.pool = UpstreamConnectionPool(maximumIdle: maximumIdle)
        self.poolIdle = poolIdle
        self.tls = try? UpstreamTLS()
    }

    /// The event loop a request started on `preferred` should use.
    func loop(preferring preferred: (any EventLoop)?) -> any EventLoop {
        preferred ?? MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
    }

    /// Sends a request and waits for the response head.
    /// - Parameters:
    ///   - head: Request head (target and `Host` already set).
    ///   - body: The streamed body, or `nil` for none.
    ///   - address: The replica.
    ///   - loop: Event loop of the connection.
    ///   - reuse: Whether an idle pooled connection may carry it.
    /// - Returns: The exchange, whose body is read with ``UpstreamExchange/next()``.
    /// - Throws: ``Failure``.
    func send(
        _ head: HTTPRequestHead, body: ReplayableBody?, to address: UpstreamAddress, on loop: any EventLoop, reuse: Bool
    ) async throws -> UpstreamExchange {
        let key = UpstreamConnectionKey(loop: loop, address: address)
        let connection: UpstreamConnection
        if reuse, let idle = pool.take(key) {
            connection = idle
        } else {
            connection = try await connect(address, key: key, on: loop)
        }
        let reused = connection.served > 0
        connection.served += 1
        var bodySent = body == nil
        do {
            if let body {
                try await connection.outbound.write(.head(head))
                try await body.write(to: connection.outbound)
                try await connection.outbound.write(.end(nil))
                bodySent = true
            } else {
                try await connection.outbound.write(contentsOf: [.head(head), .end(nil)])
            }
        } catch let failed as ReplayableBody.ClientBodyFailed {
            connection.close()
            throw Failure.clientBody(failed.underlying)
        } catch {
            // The connection failed while sending; the upstream may still have answered early.
        }
        let responseHead: HTTPResponseHead
        do {
            guard let part = try await connection.next() else {
                throw connection.timeouts.timedOut ? Failure.timeout : Failure.closed(stale: reused && (body == nil || !bodySent))
            }
            guard case .head(let received) = part else { throw Failure.malformed(UnexpectedPart()) }
            responseHead = received
        } catch let failure as Failure {
            connection.close()
            throw failure
        } catch {
            connection.close()
            if connection.timeouts.timedOut { throw Failure.timeout }
            if error is HTTPParserError { throw Failure.malformed(error) }
            throw Failure.closed(stale: reused && (body == nil || !bodySent))
        }
        let keepAlive = bodySent && responseHead.isKeepAlive
        return UpstreamExchange(head: responseHead, connection: connection, client: self, keepAlive: keepAlive)
    }

    /// A part where a response head was expected.
    struct UnexpectedPart: Error {}

    private func connect(_ address: UpstreamAddress, key: UpstreamConnectionKey, on loop: any EventLoop) async throws -> UpstreamConnection {
        let connection: UpstreamConnection
        do {
            connection = try await UpstreamConnection.connect(
                to: address, key: key, on: loop, timeouts: timeouts, poolIdle: poolIdle, tls: address.tls ? tls : nil)
        } catch ChannelError.connectTimeout {
            throw Failure.connectTimeout
        } catch {
            throw Failure.connect(error)
        }
        // A connection that closes while idle leaves the pool at once.
        let pool = self.pool
        connection.channel.closeFuture.whenComplete { [weak connection] _ in
            if let connection { pool.remove(connection) }
        }
        return connection
    }

    /// Takes `connection` back after an exchange; only a clean one is kept.
    func release(_ connection: UpstreamConnection, reusable: Bool) {
        if reusable && connection.channel.isActive {
            pool.put(connection)
        } else {
            connection.close()
        }
    }

    /// Closes idle connections and keeps none from now on (in-flight exchanges finish).
    func shutdown() {
        pool.shutdown()
    }
}

/// One response on its way back: the head, then body parts read on demand from the
/// connection. The connection returns to the pool when the body has been read to its end
/// and the exchange allowed keep-alive; dropping an unfinished exchange closes it.
final class UpstreamExchange: @unchecked Sendable {
    // @unchecked: read by one task at a time (the proxy, then the response body writer).

    /// Status and headers as the upstream sent them.
    let head: HTTPResponseHead
    private var connection: UpstreamConnection?
    private let client: UpstreamClient
    private let keepAlive: Bool

    init(head: HTTPResponseHead, connection: UpstreamConnection, client: UpstreamClient, keepAlive: Bool) {
        self.head = head
        self.connection = connection
        self.client = client
        self.keepAlive = keepAlive
    }

    /// The response ended early or broke.
    struct Truncated: Error {
        /// Whether a timeout ended it.
        let timedOut: Bool
    }

    /// The next body chunk, or `nil` at the end of the response.
    /// - Throws: ``Truncated`` when the connection ended before the response did.
    func next() async throws -> ByteBuffer? {
        guard let connection else { return nil }
        let part: HTTPClientResponsePart?
        do {
            part = try await connection.next()
        } catch {
            finish(reusable: false)
            throw Truncated(timedOut: connection.timeouts.timedOut)
        }
        switch part {
        case .body(let chunk):
            return chunk
        case .end:
            finish(reusable: keepAlive)
            return nil
        case .head, .none:
            finish(reusable: false)
            throw Truncated(timedOut: connection.timeouts.timedOut)
        }
    }

    /// The whole body, for responses whose declared length is at most `limit`.
    /// - Throws: ``Truncated`` when the body ends early or is longer than `limit`.
    func collect(upTo limit: Int) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        while let chunk = try await next() {
            guard collected.readableBytes + chunk.readableBytes <= limit else { throw Truncated(timedOut: false) }
            if collected.readableBytes == 0 { collected = chunk } else { collected.writeImmutableBuffer(chunk) }
        }
        return collected
    }

    /// Ends the exchange without reading on (the client went away): the connection closes.
    func abandon() {
        finish(reusable: false)
    }

    private func finish(reusable: Bool) {
        guard let connection else { return }
        self.connection = nil
        client.release(connection, reusable: reusable)
    }

    deinit {
        if let connection { connection.close() }
    }
}
