import Hummingbird
import NIOCore

/// The gateway's request context: Hummingbird's basics plus the peer address.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer (the client, or a proxy in front of the gateway).
    public let remoteAddress: SocketAddress?
    /// The event loop of the client's connection; upstream connections are taken on it.
    public let eventLoop: any EventLoop

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        eventLoop = source.channel.eventLoop
    }

    /// Request bodies stream through; this bounds only bodies the gateway itself collects.
    public var maxUploadSize: Int { 1024 * 1024 }
}
