import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 child channel with a ``DirectProxyHandler`` inserted right after
/// NIO's HTTP codec, before the conversion to swift-http-types: directly answered requests
/// cost no conversion, no Hummingbird request and no task.
///
/// The handler also keeps the connection's idle timeout, so `base` must be configured
/// without one (Hummingbird's connection-state handler would not see direct requests and
/// would close busy connections).
struct DirectProxyChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let proxy: DirectProxy
    /// The connection's idle timeout.
    let idleTimeout: TimeAmount?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let proxy = self.proxy
        let idleTimeout = self.idleTimeout
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(DirectProxyHandler(proxy: proxy, idleTimeout: idleTimeout), position: .before(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
