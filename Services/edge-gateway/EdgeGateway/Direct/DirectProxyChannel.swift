import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with a ``DirectProxyHandler`` inserted right after
/// its connection-state handler, so idle timeouts, graceful shutdown and the request count
/// see directly answered requests too.
struct DirectProxyChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let proxy: DirectProxy

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let proxy = self.proxy
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(DirectProxyHandler(proxy: proxy), position: .after(state))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
