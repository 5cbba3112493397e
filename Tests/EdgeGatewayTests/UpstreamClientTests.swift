import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing
@testable import EdgeGateway

/// The proxy's own HTTP/1.1 client against real servers on real sockets: keep-alive reuse,
/// upstreams that close connections, chunked answers, timeouts, concurrency and large bodies.
@Suite struct UpstreamClientTests {
    static let loop = MultiThreadedEventLoopGroup.singleton.next()

    /// Forwards one request and reads the whole answer.
    static func fetch(
        _ proxy: ReverseProxy, _ pool: UpstreamPool, method: HTTPRequest.Method = .get, path: String = "/x", body: RequestBody? = nil,
        contentLength: Int64? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        let outbound = ReverseProxy.Outbound(
            method: method, target: try NormalizedPath(target: path), fields: [:], body: body ?? RequestBody(buffer: ByteBuffer()),
            contentLength: contentLength, hasBody: body != nil, maximumBodySize: nil, eventLoop: loop)
        let response = try await proxy.forward(outbound, to: pool, logger: Logger(label: "test"))
        let collector = Collector()
        try await response.body.write(collector)
        return (response.status, response.headers, String(buffer: collector.buffer.withLock { $0 }))
    }

    static func proxy(_ timeouts: ProxyTimeouts = ProxyTimeouts()) -> ReverseProxy {
        ReverseProxy(group: MultiThreadedEventLoopGroup.singleton, timeouts: timeouts)
    }

    static func pool(_ servers: ScriptedUpstream...) -> UpstreamPool {
        UpstreamPool(name: "test-upstream", baseURLs: servers.map { "http://127.0.0.1:\($0.port)" })
    }

    @Test func keepAliveConnectionsAreReused() async throws {
        let server = try await ScriptedUpstream { _, _, _ in .answer() }
        let proxy = Self.proxy()
        let pool = Self.pool(server)
        for request in 0..<5 {
            let answer = try await Self.fetch(proxy, pool)
            #expect(answer.status == .ok)
            #expect(answer.body == "c0r\(request)")
        }
        #expect(server.connections == 1)
        #expect(proxy.client.pool.idleCount == 1)
        proxy.shutdown()
        try await server.stop()
    }

    @Test func aStaleConnectionIsReplacedTransparentlyForIdempotentRequests() async throws {
        // Every connection's second request is met by a close, as when an upstream drops an
        // idle keep-alive connection just as it is reused.
        let server = try await ScriptedUpstream { _, request, _ in request == 0 ? .answer() : .hangUp }
        let proxy = Self.proxy()
        let pool = Self.pool(server)
        #expect(try await Self.fetch(proxy, pool).body == "c0r0")
        let retried = try await Self.fetch(proxy, pool)
        #expect(retried.status == .ok)
        #expect(retried.body == "c1r0")
        #expect(server.connections == 2)
        // The replica is not marked down for it.
        #expect(pool.candidates(limit: 1) == pool.replicas)
        // A POST without body on a stale connection is not repeated (it may have been applied).
        await #expect(throws: GatewayError.self) {
            _ = try await Self.fetch(proxy, pool, method: .post)
        }
        proxy.shutdown()
        try await server.stop()
    }

    @Test func connectionCloseIsHonoured() async throws {
        let server = try await ScriptedUpstream { _, _, _ in .answer(close: true) }
        let proxy = Self.proxy()
        let pool = Self.pool(server)
        for request in 0..<3 {
            let answer = try await Self.fetch(proxy, pool)
            #expect(answer.body == "c\(request)r0")
            // Hop-by-hop: the upstream's Connection header does not reach the client.
            #expect(answer.headers[.connection] == nil)
        }
        #expect(server.connections == 3)
        #expect(proxy.client.pool.idleCount == 0)
        proxy.shutdown()
        try await server.stop()
    }

    @Test func aConnectionThatSendsUnaskedBytesIsNeverReused() async throws {
        let server = try await ScriptedUpstream { connection, _, _ in connection == 0 ? .answerTwice : .answer() }
        let proxy = Self.proxy()
        let pool = Self.pool(server)
        #expect(try await Self.fetch(proxy, pool).body == "c0r0")
        // The second answer on connection 0 is never taken for this request's.
        #expect(try await Self.fetch(proxy, pool).body == "c1r0")
        proxy.shutdown()
        try await server.stop()
    }

    @Test func chunkedAndLargeAnswersStreamAndKeepTheConnection() async throws {
        let server = try await ScriptedUpstream { _, request, _ in .answer(chunked: true, extraBytes: request == 0 ? 10 : 300_000) }
        let proxy = Self.proxy()
        let pool = Self.pool(server)
        let small = try await Self.fetch(proxy, pool)
        #expect(small.body == "c0r0" + String(repeating: "x", count: 10))
        #expect(small.headers[.transferEncoding] == nil)
        let large = try await Self.fetch(proxy, pool)
        #expect(large.body.utf8.count == 4 + 300_000)
        #expect(large.body.hasPrefix("c0r1"))
        #expect(server.connections == 1)
        proxy.shutdown()
        try await server.stop()
    }

    @Test func headAnswersHaveNoBodyAndKeepTheConnection() async throws {
        let server = try await ScriptedUpstream { _, _, _ in .answer() }
        let proxy = Self.proxy()
        let pool = Self.pool(server)
        let head = try await Self.fetch(proxy, pool, method: .head)
        #expect(head.status == .ok)
        #expect(head.body.isEmpty)
        #expect(head.headers[.contentLength] == "4")
        #expect(try await Self.fetch(proxy, pool).body == "c0r1")
        #expect(server.connections == 1)
        proxy.shutdown()
        try await server.stop()
    }

    @Test func firstByteAndIdleTimeoutsAnswer504AndNeverReuseTheConnection() async throws {
        let server = try await ScriptedUpstream { connection, _, _ in connection == 0 ? .delay(.seconds(2)) : .stall }
        let proxy = Self.proxy(ProxyTimeouts(connect: .seconds(2), firstByte: .milliseconds(300), idle: .milliseconds(300)))
        let pool = Self.pool(server)
        await #expect {
            _ = try await Self.fetch(proxy, pool)
        } throws: { error in
            (error as? GatewayError)?.code == .timeout
        }
        // The upstream answers 200 after 2 s: a timeout error (not that answer) shows the
        // first-byte timer fired first, without a wall-clock bound that load could break.
        #expect(proxy.client.pool.idleCount == 0)
        // A head and then silence: the body read times out.
        pool.recordSuccess(pool.replicas[0])
        await #expect {
            _ = try await Self.fetch(proxy, pool)
        } throws: { error in
            (error as? GatewayError)?.code == .timeout
        }
        #expect(proxy.client.pool.idleCount == 0)
        proxy.shutdown()
        try await server.stop()
    }

    @Test func aRefusedConnectionMovesEvenAStreamedUploadToTheNextReplica() async throws {
        let stopped = try await ScriptedUpstream { _, _, _ in .answer() }
        try await stopped.stop()
        let live = try await ScriptedUpstream { _, _, _ in .answer() }
        let proxy = Self.proxy()
        let pool = Self.pool(stopped, live)
        let chunks = (0..<16).map { _ in ByteBuffer(repeating: 0x2A, count: 64 * 1024) }
        let answer = try await Self.fetch(proxy, pool, method: .post, body: RequestBody(asyncSequence: chunks.async))
        #expect(answer.status == .ok)
        #expect(answer.body == "c0r0")
        #expect(live.bodyBytes == 16 * 64 * 1024)
        proxy.shutdown()
        try await live.stop()
    }

    @Test func concurrentRequestsEachGetTheirOwnAnswer() async throws {
        let server = try await ScriptedUpstream { _, _, head in head.uri == "/slow" ? .delay(.milliseconds(50)) : .answer() }
        let proxy = Self.proxy()
        let pool = Self.pool(server)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let answer = try await Self.fetch(proxy, pool, path: index % 2 == 0 ? "/slow" : "/fast")
                    #expect(answer.status == .ok)
                    #expect(answer.body.hasPrefix("c"))
                }
            }
            try await group.waitForAll()
        }
        #expect(server.connections <= 64)
        #expect(proxy.client.pool.idleCount == server.connections)
        proxy.shutdown()
        #expect(proxy.client.pool.idleCount == 0)
        try await server.stop()
    }

    @Test func largeUploadsStreamThrough() async throws {
        let server = try await ScriptedUpstream { _, _, _ in .answer() }
        let proxy = Self.proxy()
        let pool = Self.pool(server)
        // 64 MB in 1 MB chunks, produced lazily: nothing holds the whole body.
        let body = RequestBody(asyncSequence: LazyChunks(count: 64, size: 1024 * 1024))
        let answer = try await Self.fetch(proxy, pool, method: .put, body: body)
        #expect(answer.status == .ok)
        #expect(server.bodyBytes == 64 * 1024 * 1024)
        #expect(try await Self.fetch(proxy, pool).body == "c0r1")
        proxy.shutdown()
        try await server.stop()
    }
}

/// Collects a response body.
final class Collector: ResponseBodyWriter, Sendable {
    let buffer = Mutex(ByteBuffer())
    func write(_ part: ByteBuffer) async throws {
        buffer.withLock { _ = $0.writeImmutableBuffer(part) }
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// `count` chunks of `size` bytes, made as they are asked for.
struct LazyChunks: AsyncSequence, Sendable {
    let count: Int
    let size: Int
    struct AsyncIterator: AsyncIteratorProtocol {
        var left: Int
        let size: Int
        mutating func next() async -> ByteBuffer? {
            guard left > 0 else { return nil }
            left -= 1
            return ByteBuffer(repeating: 0x2B, count: size)
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(left: count, size: size) }
}
