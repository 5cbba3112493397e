import NIOCore
import NIOHTTP1
import Synchronization

/// Enforces the upstream timeouts on one pooled connection by watching the HTTP parts that
/// pass through it, with a single timer re-armed lazily (activity only records a time).
///
/// - While a request is being sent: silence (no write) longer than `idle`, and the
///   absolute deadline from the request head (`firstByte` without body, `upload` with one).
/// - After the request, until the response head: the absolute deadline.
/// - While the response body is read: silence longer than `idle`, counted only while the
///   connection is asking for data (a slow client pausing reads is not the upstream's fault).
/// - Between requests (pooled): `poolIdle` without use closes the connection.
///
/// A timeout closes the channel and sets ``Flag/timedOut`` so the proxy answers 504.
final class UpstreamTimeoutHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias InboundOut = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// Tells the request's task that the connection was closed for a timeout.
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        /// Whether a timeout closed the connection.
        var timedOut: Bool { value.load(ordering: .acquiring) }
        fileprivate func set() { value.store(true, ordering: .releasing) }
    }

    private enum Phase {
        case pooled
        case sending
        case awaitingHead
        case receiving
    }

    let flag = Flag()
    private let timeouts: ProxyTimeouts
    private let idle: TimeAmount
    private let poolIdle: TimeAmount
    private var phase = Phase.pooled
    private var lastActivity = NIODeadline.now()
    private var deadline: NIODeadline?
    private var readPending = false
    private var timer: Scheduled<Void>?
    private var timerDue: NIODeadline?

    init(timeouts: ProxyTimeouts, poolIdle: TimeAmount) {
        self.timeouts = timeouts
        self.idle = TimeAmount(timeouts.idle)
        self.poolIdle = poolIdle
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        lastActivity = .now()
        arm(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        let now = NIODeadline.now()
        lastActivity = now
        switch part {
        case .head(let head):
            phase = .sending
            let hasBody = head.headers.announcesBody
            deadline = now + TimeAmount(hasBody ? timeouts.upload : timeouts.firstByte)
            arm(context: context)
        case .body:
            break
        case .end:
            if phase == .sending { phase = .awaitingHead }
        }
        context.write(data, promise: promise)
    }

    func read(context: ChannelHandlerContext) {
        if !readPending {
            readPending = true
            lastActivity = .now()
        }
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        if phase == .pooled {
            // Bytes nobody asked for: the next request must never read them as its answer.
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head:
            if phase == .sending || phase == .awaitingHead {
                // The answer may come before the whole body was sent; body silence rules now.
                phase = .receiving
                deadline = nil
                arm(context: context)
            }
        case .body:
            break
        case .end:
            phase = .pooled
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        readPending = false
        context.fireChannelReadComplete()
    }

    /// When the current phase's limit is reached if nothing happens meanwhile.
    private func due() -> NIODeadline {
        switch phase {
        case .pooled:
            return lastActivity + poolIdle
        case .sending:
            return min(lastActivity + idle, deadline ?? .distantFuture)
        case .awaitingHead:
            return deadline ?? .distantFuture
        case .receiving:
            return readPending ? lastActivity + idle : NIODeadline.now() + idle
        }
    }

    /// Makes sure a timer fires no later than `due()`.
    private func arm(context: ChannelHandlerContext) {
        let due = due()
        if let timerDue, timerDue <= due, timer != nil { return }
        timer?.cancel()
        timerDue = due
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: due) {
            let (handler, context) = loopBound.value
            handler.fire(context: context)
        }
    }

    private func fire(context: ChannelHandlerContext) {
        timer = nil
        timerDue = nil
        guard context.channel.isActive else { return }
        let due = due()
        if due <= .now() {
            if phase != .pooled { flag.set() }
            context.close(promise: nil)
        } else {
            arm(context: context)
        }
    }
}
