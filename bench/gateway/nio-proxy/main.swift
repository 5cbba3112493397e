// bench-nio-proxy: the floor of an HTTP/1.1 reverse proxy on Swift NIO, for bench/gateway.
//
//   bench-nio-proxy PORT UPSTREAM_PORT PREFIX
//
// It does none of edge-gateway's work: no token check, no header policy, no path
// normalisation, no logs, no metrics, no timeouts, no pool. Each client connection gets one
// keep-alive upstream connection on its own event loop; a request's head goes upstream with
// PREFIX stripped from its target, and the answer's parts come back as they are. NIO's own
// HTTP/1.1 codecs (llhttp) parse both sides, with one event loop per CPU like the gateway.
// What it costs per request is what any NIO proxy pays before doing anything useful.
import NIOCore
import NIOHTTP1
import NIOPosix

let arguments = CommandLine.arguments
guard arguments.count == 4, let port = Int(arguments[1]), let upstreamPort = Int(arguments[2]) else {
    fatalError("usage: bench-nio-proxy PORT UPSTREAM_PORT PREFIX")
}
let prefix = arguments[3]

/// The upstream side of one client connection: hands each answer part to the client side.
final class UpstreamSide: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    weak var client: ClientSide?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        client?.forward(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        client?.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        client?.upstreamClosed()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// The client side: sends each request head upstream (bodies are not forwarded: the bench
/// only GETs) and writes the answer back.
final class ClientSide: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var context: ChannelHandlerContext?
    private var upstream: (any Channel)?
    private var waiting: [HTTPRequestHead] = []
    private let upstreamSide = UpstreamSide()
    private let upstreamPort: Int
    private let prefix: String

    init(upstreamPort: Int, prefix: String) {
        self.upstreamPort = upstreamPort
        self.prefix = prefix
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return }
        if head.uri.hasPrefix(prefix) { head.uri = String(head.uri.dropFirst(prefix.count)) }
        if let upstream {
            send(head, on: upstream)
        } else if waiting.isEmpty {
            waiting.append(head)
            connect(on: context.eventLoop)
        } else {
            waiting.append(head)
        }
    }

    private func connect(on loop: any EventLoop) {
        upstreamSide.client = self
        let side = NIOLoopBound(upstreamSide, eventLoop: loop)
        ClientBootstrap(group: loop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTPRequestEncoder())
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPResponseDecoder()))
                    try channel.pipeline.syncOperations.addHandler(side.value)
                }
            }
            .connect(host: "127.0.0.1", port: upstreamPort)
            .assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    self.upstream = channel
                    for head in self.waiting { self.send(head, on: channel) }
                    self.waiting.removeAll()
                case .failure:
                    self.context?.close(promise: nil)
                }
            }
    }

    private func send(_ head: HTTPRequestHead, on channel: any Channel) {
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }

    func forward(_ part: HTTPClientResponsePart) {
        guard let context else { return }
        switch part {
        case .head(let head): context.write(wrapOutboundOut(.head(head)), promise: nil)
        case .body(let body): context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        case .end: context.write(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    func flush() {
        context?.flush()
    }

    func upstreamClosed() {
        context?.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        upstream?.close(promise: nil)
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
            try channel.pipeline.syncOperations.addHandler(ClientSide(upstreamPort: upstreamPort, prefix: prefix))
        }
    }
    .bind(host: "127.0.0.1", port: port)
    .get()
try await server.closeFuture.get()
