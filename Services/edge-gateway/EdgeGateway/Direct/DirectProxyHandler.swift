import NIOCore
import NIOHTTP1

/// Sits in each plain HTTP/1.1 client connection right after NIO's HTTP codec, before
/// Hummingbird converts requests to swift-http-types, and answers the requests
/// ``DirectProxy`` plans for on the event loop: it sends the request on a pooled upstream
/// connection of the same loop and writes the answer's parts back as they arrive.
///
/// Every other request is handed to Hummingbird unchanged. Order is kept: a request is
/// planned only when no handed-over request is still being answered, and while a direct
/// answer is in flight later requests wait in a buffer (once something waits there, reads
/// are held, so the buffer holds at most what two reads decoded). A direct attempt that fails
/// before the upstream answered — no connection, a pooled connection the replica had closed,
/// a timeout, a malformed answer — is handed over as well, and the full path's retry and
/// error rules answer it; after the answer began, a failure closes the client connection
/// (its answer cannot be completed).
///
/// A complete answer (``DirectAnswer``, a viewer file from memory) is written at once, but
/// only while the client connection is writable: a client that pipelines requests without
/// reading the answers gets the rest from the full path, which waits for it.
///
/// Seeing every request and answer of the connection, the handler also keeps its idle
/// timeout (Hummingbird's is off on this listener: it would not see direct requests), and
/// holds back a close asked for by graceful shutdown until a direct answer in flight ends.
final class DirectProxyHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// One request being answered here.
    private final class Exchange {
        let plan: DirectRequest
        let lease: UpstreamPool.Lease?
        var connection: DirectUpstreamConnection?
        /// The client's answer has begun (its head was written).
        var answered = false
        var status = 0
        var bytes = 0
        var keepAlive = false
        var gzip: GzipStream?
        /// The client's request has been read to its end.
        var requestEnded = false

        init(_ plan: DirectRequest) {
            self.plan = plan
            lease = plan.pool.balancing == .leastConnections ? plan.pool.lease(plan.replica) : nil
        }
    }

    private let proxy: DirectProxy
    private var context: ChannelHandlerContext?
    private var peer: String?
    private var exchange: Exchange?
    /// Requests given to Hummingbird whose answer has not ended yet.
    private var handedOver = 0
    /// Hummingbird is reading a request's body.
    private var forwardingBody = false
    /// The `end` part of the directly answered request is still to come (and to be dropped).
    private var dropNextEnd = false
    /// Parts that arrived while a direct answer was in flight.
    private var buffered = CircularBuffer<HTTPServerRequestPart>()
    private var readHeld = false
    /// Parts were passed on since the last `channelReadComplete` passed on.
    private var unannouncedReads = false
    private var tokens = TokenMemo()
    /// A close asked for while a direct answer was in flight, done when it ends.
    private var pendingClose: EventLoopPromise<Void>??
    /// How long the connection may stay without a request in progress; `nil` for ever.
    private let idleTimeout: TimeAmount?
    private var lastActivity = NIODeadline.now()
    private var idleTask: Scheduled<Void>?

    init(proxy: DirectProxy, idleTimeout: TimeAmount?) {
        self.proxy = proxy
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer = context.channel.remoteAddress?.ipAddress
        if context.channel.isActive { armIdleTimer(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        abandon()
        idleTask?.cancel()
        idleTask = nil
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context: context)
        context.fireChannelActive()
    }

    /// A request is being read or answered, here or by Hummingbird.
    private var isBusy: Bool {
        exchange != nil || handedOver > 0 || forwardingBody
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        // Graceful shutdown (Hummingbird's connection-state handler) closes connections it
        // believes idle; a direct answer in flight finishes first.
        if mode == .all, exchange != nil, pendingClose == nil {
            pendingClose = .some(promise)
            return
        }
        context.close(mode: mode, promise: promise)
    }

    // MARK: Client side

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        touch()
        guard let exchange else { return process(part, context: context) }
        if case .end = part, dropNextEnd, buffered.isEmpty {
            dropNextEnd = false  // the direct request's own end
            exchange.requestEnded = true
            return
        }
        buffered.append(part)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Only Hummingbird's handlers want it, and only after they were given something.
        guard unannouncedReads else { return }
        unannouncedReads = false
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        abandon()
        idleTask?.cancel()
        idleTask = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        exchange?.connection?.handler.paused = !context.channel.isWritable
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        // Reading goes on while a direct answer is in flight (changing the socket's interest
        // costs two system calls per request); only a client that pipelines waits.
        if exchange != nil, !buffered.isEmpty { readHeld = true } else { context.read() }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            handedOver -= 1
            touch()
        }
        context.write(data, promise: promise)
    }

    private func process(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let request):
            if handedOver == 0, !forwardingBody, let decision = proxy.decide(request, peer: peer, memo: &tokens) {
                switch decision {
                case .forward(let plan):
                    start(plan, context: context)
                    return
                case .answer(let answer) where context.channel.isWritable:
                    send(answer, context: context)
                    return
                case .answer:
                    // The client is not reading what it asked for: the full path answers, and
                    // waits for it, instead of piling up answers to pipelined requests here.
                    break
                }
            }
            handedOver += 1
            forwardingBody = true
        case .body:
            guard forwardingBody else { return }  // a direct request has no body (its framing said so)
        case .end:
            if dropNextEnd {
                dropNextEnd = false
                return
            }
            forwardingBody = false
        }
        context.fireChannelRead(wrapInboundOut(part))
        unannouncedReads = true
    }

    /// Processes what waited while a direct answer was in flight, up to the next direct request.
    private func drain(context: ChannelHandlerContext) {
        while exchange == nil, let part = buffered.popFirst() {
            process(part, context: context)
        }
        if unannouncedReads {
            unannouncedReads = false
            context.fireChannelReadComplete()
        }
        if exchange == nil, readHeld {
            readHeld = false
            context.read()
        }
    }

    // MARK: Idle timeout

    /// Records activity; the timer, armed once, looks at it when it fires.
    private func touch() {
        if idleTimeout != nil { lastActivity = .now() }
    }

    private func armIdleTimer(context: ChannelHandlerContext) {
        guard let idleTimeout, idleTask == nil else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleTask = context.eventLoop.scheduleTask(deadline: lastActivity + idleTimeout) {
            let (handler, context) = loopBound.value
            handler.idleTask = nil
            handler.idleTimerFired(context: context)
        }
    }

    private func idleTimerFired(context: ChannelHandlerContext) {
        guard let idleTimeout, context.channel.isActive else { return }
        if isBusy {
            lastActivity = .now()  // like Hummingbird: a request in progress is never idle
        } else if lastActivity + idleTimeout <= .now() {
            context.close(promise: nil)
            return
        }
        armIdleTimer(context: context)
    }

    // MARK: The exchange

    private func start(_ plan: DirectRequest, context: ChannelHandlerContext) {
        let exchange = Exchange(plan)
        self.exchange = exchange
        dropNextEnd = true
        proxy.log.started(plan)
        let key = UpstreamConnectionKey(loop: context.eventLoop, address: plan.address)
        if let idle = proxy.connections.take(key) {
            send(on: idle, for: exchange, context: context)
            return
        }
        DirectUpstreamConnection.connect(key, on: context.eventLoop, timeouts: proxy.timeouts, poolIdle: proxy.poolIdle)
            .assumeIsolated().whenComplete { result in
                switch result {
                case .success(let connection):
                    guard self.exchange === exchange, let context = self.context else {
                        connection.close()  // the client went away meanwhile
                        return
                    }
                    self.send(on: connection, for: exchange, context: context)
                case .failure:
                    guard self.exchange === exchange else { return }
                    exchange.plan.pool.recordFailure(exchange.plan.replica)
                    self.handOver(exchange)
                }
            }
    }

    /// Writes an answer the direct path has complete (the request's `end` is still to come).
    private func send(_ answer: DirectAnswer, context: ChannelHandlerContext) {
        dropNextEnd = true
        context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
        var bytes = 0
        for piece in answer.body {
            bytes += piece.readableBytes
            context.write(wrapOutboundOut(.body(.byteBuffer(piece))), promise: nil)
        }
        proxy.log.record(
            answer.request, route: answer.route, requestID: answer.requestID, user: nil, since: answer.start, status: Int(answer.head.status.code),
            bytes: bytes)
        touch()
        if answer.closesConnection {
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    private func send(on connection: DirectUpstreamConnection, for exchange: Exchange, context: ChannelHandlerContext) {
        exchange.connection = connection
        connection.served += 1
        connection.handler.client = self
        connection.handler.paused = !context.channel.isWritable
        connection.handler.send(exchange.plan.upstreamHead)
    }

    /// Gives the request to Hummingbird's full path (nothing was written to the client yet).
    private func handOver(_ exchange: Exchange) {
        guard let context else { return }
        release(exchange, reusable: false)
        self.exchange = nil
        proxy.log.abandoned(exchange.plan)
        if let pendingClose {
            // Shutting down: the full path would only be asked to answer on a closing connection.
            self.pendingClose = nil
            context.close(promise: pendingClose)
            return
        }
        handedOver += 1
        context.fireChannelRead(wrapInboundOut(.head(exchange.plan.head)))
        if exchange.requestEnded {
            context.fireChannelRead(wrapInboundOut(.end(nil)))
        } else {
            forwardingBody = true
            dropNextEnd = false  // Hummingbird reads the request's end when it comes
        }
        unannouncedReads = false
        context.fireChannelReadComplete()
        drain(context: context)
    }

    private func release(_ exchange: Exchange, reusable: Bool) {
        exchange.lease?.release()
        guard let connection = exchange.connection else { return }
        exchange.connection = nil
        connection.handler.client = nil
        connection.handler.paused = false
        if reusable, connection.channel.isActive {
            proxy.connections.put(connection)
        } else {
            connection.close()
        }
    }

    /// The client connection ended or the handler went away: the exchange ends unanswered.
    private func abandon() {
        if let pendingClose {
            self.pendingClose = nil
            pendingClose?.succeed(())  // the connection is gone already
        }
        guard let exchange else { return }
        self.exchange = nil
        release(exchange, reusable: false)
        proxy.log.abandoned(exchange.plan)
    }

    // MARK: Upstream side (called by DirectUpstreamHandler on the same event loop)

    func upstreamReceived(_ part: HTTPClientResponsePart) {
        guard let exchange, let context else { return }
        switch part {
        case .head(let head):
            let (response, gzip) = proxy.responseHead(for: head, to: exchange.plan)
            exchange.answered = true
            exchange.status = Int(response.status.code)
            exchange.keepAlive = head.isKeepAlive
            exchange.gzip = gzip
            context.write(wrapOutboundOut(.head(response)), promise: nil)
        case .body(let chunk):
            exchange.bytes += chunk.readableBytes
            if let gzip = exchange.gzip {
                guard let compressed = try? gzip.compress(chunk) else { return failAnswer(exchange, context: context) }
                for piece in compressed { context.write(wrapOutboundOut(.body(.byteBuffer(piece))), promise: nil) }
            } else {
                context.write(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil)
            }
            if !context.channel.isWritable { exchange.connection?.handler.paused = true }
        case .end:
            if let gzip = exchange.gzip {
                guard let compressed = try? gzip.compress(ByteBuffer(), finish: true) else { return failAnswer(exchange, context: context) }
                for piece in compressed { context.write(wrapOutboundOut(.body(.byteBuffer(piece))), promise: nil) }
            }
            finish(exchange, context: context)
        }
    }

    func upstreamReadComplete() {
        context?.flush()
    }

    func upstreamClosed() {
        guard let exchange, let context else { return }
        if exchange.answered { return failAnswer(exchange, context: context) }
        let timedOut = exchange.connection?.timeouts.timedOut ?? false
        let stale = (exchange.connection?.served ?? 0) > 1 && !timedOut
        if !stale { exchange.plan.pool.recordFailure(exchange.plan.replica) }
        handOver(exchange)
    }

    private func finish(_ exchange: Exchange, context: ChannelHandlerContext) {
        self.exchange = nil
        release(exchange, reusable: exchange.keepAlive)
        exchange.plan.pool.recordSuccess(exchange.plan.replica)
        proxy.log.finished(exchange.plan, status: exchange.status, bytes: exchange.bytes)
        touch()
        if let pendingClose {
            self.pendingClose = nil
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(promise: pendingClose)
            return
        }
        if exchange.plan.closesConnection {
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        drain(context: context)
    }

    /// The answer broke off after it began: the client cannot get a complete one.
    private func failAnswer(_ exchange: Exchange, context: ChannelHandlerContext) {
        self.exchange = nil
        release(exchange, reusable: false)
        proxy.log.finished(exchange.plan, status: exchange.status, bytes: nil)
        context.close(promise: pendingClose ?? nil)
        pendingClose = nil
    }
}
