import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection to a replica: the channel with its HTTP codec and
/// timeout handler, wrapped for async use.
///
/// Used by one request at a time: the client hands it out from its pool and takes it back
/// (``UpstreamClient/release(_:reusable:)``) only after a complete, well-framed exchange.
/// Dropping it anywhere else closes the channel, so a half-read response can never be
/// read by the next request.
final class UpstreamConnection: PooledUpstreamConnection, @unchecked Sendable {
    // @unchecked: the mutable iterator is touched only by the one request that holds the
    // connection; the pool's lock orders the hand-over between requests.

    let channel: any Channel
    let key: UpstreamConnectionKey
    let timeouts: UpstreamTimeoutHandler.Flag
    private(set) var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    /// Requests this connection has carried before the current one.
    var served = 0

    init(_ channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>, key: UpstreamConnectionKey, timeouts: UpstreamTimeoutHandler.Flag) {
        self.channel = channel.channel
        self.key = key
        self.timeouts = timeouts
        let streams: any UnscopedAsyncChannelStreams<HTTPClientResponsePart, HTTPClientRequestPart> = channel
        self.inbound = streams.inbound.makeAsyncIterator()
        self.outbound = streams.outbound
    }

    /// The next response part, or `nil` when the connection ended.
    func next() async throws -> HTTPClientResponsePart? {
        try await inbound.next()
    }

    /// Closes the channel (idempotent).
    func close() {
        outbound.finish()
        channel.close(promise: nil)
    }

    deinit {
        // NIOAsyncWriter insists on being finished before it goes away.
        outbound.finish()
        channel.close(promise: nil)
    }

    /// Connects to `address` on `loop` with the HTTP/1.1 client pipeline.
    static func connect(
        to address: UpstreamAddress, key: UpstreamConnectionKey, on loop: any EventLoop, timeouts: ProxyTimeouts,
        poolIdle: TimeAmount, tls: UpstreamTLS?
    ) async throws -> UpstreamConnection {
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(timeouts.connect))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<UpstreamConnection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                if address.tls, let tls {
                    try pipeline.addHandler(tls.handler(serverHostname: address.literal == nil ? address.host : nil))
                }
                // No header validator: the fields come from HTTPFields, which validated them.
                try pipeline.addHandler(HTTPRequestEncoder())
                try pipeline.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .fireError, informationalResponseStrategy: .drop)))
                let timeoutHandler = UpstreamTimeoutHandler(timeouts: timeouts, poolIdle: poolIdle)
                try pipeline.addHandler(timeoutHandler)
                let wrapped = try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                    wrappingChannelSynchronously: channel,
                    configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8)))
                return UpstreamConnection(wrapped, key: key, timeouts: timeoutHandler.flag)
            }
        }
        if let literal = address.literal {
            return try await bootstrap.connect(to: literal, channelInitializer: initializer)
        }
        return try await bootstrap.connect(host: address.host, port: address.port, channelInitializer: initializer)
    }
}

/// The inbound stream and outbound writer of an `NIOAsyncChannel`, outside a scope.
///
/// NIO deprecates reading them directly in favour of `executeThenClose`, which closes the
/// channel when one closure returns. A pooled upstream connection outlives every request
/// that uses it, so it takes the two streams once and closes the channel itself
/// (``UpstreamConnection/close()``, `deinit`): exactly what `executeThenClose` would do, at
/// the pool's moment rather than a closure's.
protocol UnscopedAsyncChannelStreams<Inbound, Outbound> {
    associatedtype Inbound: Sendable
    associatedtype Outbound: Sendable
    var inbound: NIOAsyncChannelInboundStream<Inbound> { get }
    var outbound: NIOAsyncChannelOutboundWriter<Outbound> { get }
}

extension NIOAsyncChannel: UnscopedAsyncChannelStreams {}
