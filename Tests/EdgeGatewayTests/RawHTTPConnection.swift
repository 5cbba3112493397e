import NIOCore
import NIOHTTP1
import NIOPosix

/// One client HTTP/1.1 connection driven by hand: requests are written as given (several at
/// once for pipelining) and answers are read one by one, or not at all (a slow client).
struct RawHTTPConnection {
    let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    /// Connects to 127.0.0.1:`port`.
    static func connect(port: Int) async throws -> RawHTTPConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel, configuration: .init(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 2)))
                }
            }
        return RawHTTPConnection(channel: channel)
    }

    /// A body-less request head.
    static func get(_ uri: String, method: HTTPMethod = .GET, _ headers: [(String, String)] = []) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: HTTPHeaders([("Host", "gateway.test")] + headers))
    }
}

/// One answer read from a ``RawHTTPConnection``.
struct RawAnswer {
    let head: HTTPResponseHead
    let body: ByteBuffer

    var text: String { String(buffer: body) }
}

/// Reads answers off one connection.
struct RawAnswerReader {
    var iterator: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator

    /// The next complete answer, or `nil` when the connection closed first.
    mutating func next() async throws -> RawAnswer? {
        var head: HTTPResponseHead?
        var body = ByteBuffer()
        while let part = try await iterator.next() {
            switch part {
            case .head(let received): head = received
            case .body(var chunk): body.writeBuffer(&chunk)
            case .end: return head.map { RawAnswer(head: $0, body: body) }
            }
        }
        return nil
    }

    /// Reads and counts the next answer's body bytes without keeping them.
    mutating func countNextBody() async throws -> Int {
        var count = 0
        while let part = try await iterator.next() {
            switch part {
            case .head: continue
            case .body(let chunk): count += chunk.readableBytes
            case .end: return count
            }
        }
        return count
    }
}
