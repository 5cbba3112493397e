import NIOCore
import NIOHTTP1
import NIOPosix

/// A keep-alive HTTP/1.1 connection of the direct path to a replica: a plain NIO channel with
/// the HTTP codec, the upstream timeouts and a ``DirectUpstreamHandler`` that passes the
/// answer's parts straight to the client connection's ``DirectProxyHandler``.
///
/// Made and used on the client connection's event loop only, so a request never changes
/// threads. Pooled (``UpstreamConnectionPool``) only after a complete, well-framed answer
/// that did not ask to close.
final class DirectUpstreamConnection: PooledUpstreamConnection, @unchecked Sendable {
    // @unchecked: `served` and the handler are touched only on the channel's event loop.

    let channel: any Channel
    let key: UpstreamConnectionKey
    let handler: DirectUpstreamHandler
    let timeouts: UpstreamTimeoutHandler.Flag
    /// Requests this connection has carried, the current one included.
    var served = 0

    private init(channel: any Channel, key: UpstreamConnectionKey, handler: DirectUpstreamHandler, timeouts: UpstreamTimeoutHandler.Flag) {
        self.channel = channel
        self.key = key
        self.handler = handler
        self.timeouts = timeouts
    }

    func close() {
        channel.close(promise: nil)
    }

    /// Connects to the plain-http replica of `key` on its event loop.
    static func connect(_ key: UpstreamConnectionKey, on loop: any EventLoop, timeouts: ProxyTimeouts, poolIdle: TimeAmount)
        -> EventLoopFuture<DirectUpstreamConnection>
    {
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(timeouts.connect))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(HTTPRequestEncoder())
                    try pipeline.addHandler(
                        ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .fireError, informationalResponseStrategy: .drop)))
                    try pipeline.addHandler(UpstreamTimeoutHandler(timeouts: timeouts, poolIdle: poolIdle))
                    try pipeline.addHandler(DirectUpstreamHandler())
                }
            }
        let address = key.address
        let connected = address.literal.map { bootstrap.connect(to: $0) } ?? bootstrap.connect(host: address.host, port: address.port)
        return connected.flatMapThrowing { channel in
            let pipeline = channel.pipeline.syncOperations
            return DirectUpstreamConnection(
                channel: channel, key: key, handler: try pipeline.handler(type: DirectUpstreamHandler.self),
                timeouts: try pipeline.handler(type: UpstreamTimeoutHandler.self).flag)
        }
    }
}

/// The last handler of a direct upstream connection: sends the request and hands each part of
/// the answer to the client connection that owns the exchange (``client``; `nil` while
/// pooled). Holds back reads while the client cannot take more (``paused``), so a slow client
/// slows the upstream instead of filling memory.
final class DirectUpstreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// The client connection the current answer goes to.
    weak var client: DirectProxyHandler?
    private var context: ChannelHandlerContext?
    private var readHeld = false

    /// Whether reading from the upstream waits for the client.
    var paused = false {
        didSet {
            if !paused, readHeld, let context {
                readHeld = false
                context.read()
            }
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes a body-less request.
    func send(_ head: HTTPRequestHead) {
        guard let context else { return }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        client?.upstreamReceived(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        client?.upstreamReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        client?.upstreamClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)  // a malformed answer: channelInactive tells the client side
    }

    func read(context: ChannelHandlerContext) {
        if paused { readHeld = true } else { context.read() }
    }
}
