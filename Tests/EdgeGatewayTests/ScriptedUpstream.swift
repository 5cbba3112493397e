import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 whose answers a test scripts per request, for the
/// upstream client's edge cases (keep-alive, early close, slow answers). Each answer's body
/// tells which connection (numbered from 0 in accept order) and which request on it (from 0)
/// it was, e.g. `c0r1`.
final class ScriptedUpstream: Sendable {
    /// What the server does with one request.
    enum Action: Sendable {
        /// Answers 200 with the `cNrM` body; `chunked` sends it in several chunks without a
        /// length; `close` adds `Connection: close` and closes after the answer.
        case answer(chunked: Bool = false, close: Bool = false, extraBytes: Int = 0)
        /// Closes the connection without answering.
        case hangUp
        /// Answers after a delay.
        case delay(TimeAmount)
        /// Sends the head only and then nothing.
        case stall
        /// Answers, then sends a second answer nobody asked for.
        case answerTwice
    }

    /// Decides the action from (connection number, request number on it, request head).
    typealias Script = @Sendable (Int, Int, HTTPRequestHead) -> Action

    /// What the server has seen.
    final class Counters: Sendable {
        let state = Mutex((connections: 0, bodyBytes: 0))
    }

    private let channel: any Channel
    private let counters: Counters

    /// Connections accepted so far.
    var connections: Int { counters.state.withLock { $0.connections } }
    /// Request body bytes received so far.
    var bodyBytes: Int { counters.state.withLock { $0.bodyBytes } }
    /// The listening port.
    var port: Int { channel.localAddress?.port ?? 0 }

    /// Starts a server.
    init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, script: @escaping Script) async throws {
        let counters = Counters()
        self.counters = counters
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let number = counters.state.withLock { state -> Int in
                    defer { state.connections += 1 }
                    return state.connections
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
                    try channel.pipeline.syncOperations.addHandler(Handler(connection: number, script: script, counters: counters))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// Stops listening (open connections stay).
    func stop() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let connection: Int
        let script: Script
        let counters: Counters
        var requests = 0
        var head: HTTPRequestHead?

        init(connection: Int, script: @escaping Script, counters: Counters) {
            self.connection = connection
            self.script = script
            self.counters = counters
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
            case .body(let buffer):
                counters.state.withLock { $0.bodyBytes += buffer.readableBytes }
            case .end:
                guard let head else { return }
                let request = requests
                requests += 1
                act(script(connection, request, head), request: request, context: context)
            }
        }

        private func act(_ action: Action, request: Int, context: ChannelHandlerContext) {
            let label = "c\(connection)r\(request)"
            switch action {
            case .answer(let chunked, let close, let extraBytes):
                var headers = HTTPHeaders([("Content-Type", "text/plain")])
                let body = label + String(repeating: "x", count: extraBytes)
                if close { headers.add(name: "Connection", value: "close") }
                if !chunked { headers.add(name: "Content-Length", value: "\(body.utf8.count)") }
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                if chunked {
                    for piece in body.chunked(into: max(1, body.utf8.count / 3)) {
                        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: piece)))), promise: nil)
                    }
                } else {
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
                }
                let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
                if close {
                    let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                    done.whenComplete { _ in bound.value.close(promise: nil) }
                }
            case .hangUp:
                context.close(promise: nil)
            case .delay(let amount):
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: amount) {
                    let (handler, context) = bound.value
                    handler.act(.answer(), request: request, context: context)
                }
            case .answerTwice:
                act(.answer(), request: request, context: context)
                let headers = HTTPHeaders([("Content-Length", "11")])
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "unsolicited")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            case .stall:
                let headers = HTTPHeaders([("Content-Length", "100")])
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            }
        }
    }
}

extension String {
    /// Pieces of at most `size` characters.
    fileprivate func chunked(into size: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(self)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        return pieces
    }
}
