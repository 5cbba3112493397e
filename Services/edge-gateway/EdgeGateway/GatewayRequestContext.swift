import Hummingbird
import NIOCore

/// The gateway's request context: Hummingbird's basics plus the peer address.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer (the client, or a proxy in front of the gateway).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies stream through; this bounds only bodies the gateway itself collects.
    public var maxUploadSize: Int { 1024 * 1024 }
}
