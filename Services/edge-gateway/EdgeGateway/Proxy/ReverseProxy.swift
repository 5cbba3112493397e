import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Forwards a request to a replica of an upstream and streams the answer back.
///
/// Bodies stream both ways and are never collected (small responses of known length are
/// passed on in one write). A request is retried on the next replica when nothing of it can
/// have been acted on: the connection could not be made, or — for idempotent requests
/// without body — the replica failed or timed out before answering (nginx's
/// `proxy_next_upstream error timeout`). A reused keep-alive connection that turns out to be
/// closed is replaced by a fresh one transparently when the upstream cannot have received
/// the whole request. A streamed body is replayed only while its first bytes are all still
/// kept (``ReplayableBody``). Failures answer 502 (replica failed), 503 (no replica) or 504
/// (timeout) with a JSON reason.
public struct ReverseProxy: Sendable {
    let client: UpstreamClient
    let maximumAttempts: Int

    /// Body bytes kept for a replay on another connection.
    static let replayLimit = 64 * 1024
    /// Responses of at most this declared length are read whole and answered in one write.
    static let smallResponse = 64 * 1024

    /// Creates a proxy.
    /// - Parameters:
    ///   - group: Event loops for upstream connections (the server's, so requests stay on one thread).
    ///   - timeouts: Upstream timeouts.
    ///   - maximumAttempts: Most replicas tried for a retryable request.
    public init(group: any EventLoopGroup, timeouts: ProxyTimeouts, maximumAttempts: Int = 3) {
        self.client = UpstreamClient(group: group, timeouts: timeouts)
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// Closes idle upstream connections (after the server stopped).
    public func shutdown() {
        client.shutdown()
    }

    /// One request to forward.
    public struct Outbound: Sendable {
        /// Method.
        public var method: HTTPRequest.Method
        /// Path and query as the upstream sees them.
        public var target: NormalizedPath
        /// Upstream header fields (already filtered by ``ForwardingPolicy``).
        public var fields: HTTPFields
        /// The client's body.
        public var body: RequestBody
        /// The declared length, when the client sent `Content-Length`.
        public var contentLength: Int64?
        /// Whether the client sent a body at all (`Content-Length` > 0 or `Transfer-Encoding`).
        public var hasBody: Bool
        /// Largest body accepted.
        public var maximumBodySize: Int64?
        /// The event loop of the client's connection: the upstream connection is taken on it.
        public var eventLoop: (any EventLoop)?
    }

    /// Forwards `outbound` to `pool`.
    /// - Returns: The upstream's response, body streaming.
    /// - Throws: ``GatewayError`` for 413/502/503/504.
    public func forward(_ outbound: Outbound, to pool: UpstreamPool, logger: Logger) async throws -> Response {
        if let limit = outbound.maximumBodySize, let length = outbound.contentLength, length > limit {
            throw GatewayError(.payloadTooLarge, "request body larger than \(limit) bytes")
        }
        let idempotent = !outbound.hasBody && [.get, .head, .options, .delete].contains(outbound.method)
        let candidates = pool.candidates(limit: maximumAttempts)
        guard !candidates.isEmpty else { throw GatewayError(.unavailable, "\(pool.name) has no replica") }
        let tripwire = LimitedBody<RequestBody>.Tripwire()
        let body = outbound.hasBody
            ? ReplayableBody(LimitedBody(base: outbound.body, limit: outbound.maximumBodySize, tripwire: tripwire), replayLimit: Self.replayLimit)
            : nil
        let loop = client.loop(preferring: outbound.eventLoop)
        var lastError = GatewayError(.unavailable, "\(pool.name) is unavailable")
        var reuse = true
        var index = 0
        while index < candidates.count {
            let replica = candidates[index]
            guard let address = replica.address else { throw GatewayError(.badGateway, "\(pool.name) has an unusable address") }
            let lease = pool.balancing == .leastConnections ? pool.lease(replica) : nil
            do {
                let exchange = try await client.send(
                    head(outbound, address: address), body: body, to: address, on: loop, reuse: reuse)
                pool.recordSuccess(replica)
                return try await Self.response(from: exchange, method: outbound.method, lease: lease)
            } catch let failure as UpstreamClient.Failure {
                lease?.release()
                if tripwire.tripped {
                    throw GatewayError(.payloadTooLarge, "request body larger than \(outbound.maximumBodySize ?? 0) bytes")
                }
                if case .clientBody = failure { throw GatewayError(.badRequest, "the request body ended early") }
                if Task.isCancelled { throw CancellationError() }
                if case .closed(stale: true) = failure, reuse, body.map(\.canReplay) ?? idempotent {
                    // An idle connection the replica had closed: the same replica, on a new connection.
                    reuse = false
                    continue
                }
                lastError = Self.classify(failure, upstream: pool.name)
                pool.recordFailure(replica)
                logger.warning("upstream request failed", metadata: [
                    "upstream": "\(pool.name)", "replica": "\(replica.baseURL)", "error": "\(lastError.reason)",
                ])
                guard Self.mayRetry(after: failure, idempotent: idempotent, body: body) else { break }
                reuse = true
                index += 1
            }
        }
        throw lastError
    }

    /// Whether a request may go to the next replica after `failure`.
    static func mayRetry(after failure: UpstreamClient.Failure, idempotent: Bool, body: ReplayableBody?) -> Bool {
        switch failure {
        case .connect, .connectTimeout:
            return body?.canReplay ?? true  // nothing of this attempt reached the replica
        case .closed(let stale):
            return idempotent || (stale && body?.canReplay == true)
        case .timeout, .malformed:
            return idempotent
        case .clientBody:
            return false
        }
    }

    private func head(_ outbound: Outbound, address: UpstreamAddress) -> HTTPRequestHead {
        Self.requestHead(
            method: outbound.method, target: outbound.target, fields: outbound.fields, hasBody: outbound.hasBody,
            contentLength: outbound.contentLength, address: address)
    }

    /// The upstream request head: method, the replica's base path plus the target, `Host`
    /// of the replica, the forwarded fields, and framing for the body.
    static func requestHead(
        method: HTTPRequest.Method, target: NormalizedPath, fields: HTTPFields, hasBody: Bool, contentLength: Int64?, address: UpstreamAddress
    ) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(fields.count + 2)
        headers.add(name: "Host", value: address.hostHeader)
        for field in fields {
            headers.add(name: field.name.rawName, value: field.value)
        }
        if hasBody {
            if contentLength == nil { headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked") }
        } else if !headers.contains(name: "Content-Length"), [.post, .put, .patch].contains(method) {
            headers.add(name: "Content-Length", value: "0")
        }
        return HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: method.rawValue), uri: address.basePath + target.encodedTarget, headers: headers)
    }

    /// The client's response: upstream status and headers minus hop-by-hop fields; a small
    /// body of known length read whole, anything else streaming. `lease`
    /// (least-connections counting) ends when the body has been passed on.
    static func response(from exchange: UpstreamExchange, method: HTTPRequest.Method, lease: UpstreamPool.Lease?) async throws -> Response {
        let head = exchange.head
        let fields = responseFields(head.headers)
        let status = HTTPResponse.Status(code: Int(head.status.code), reasonPhrase: head.status.reasonPhrase)
        let declared = head.headers.first(name: "content-length").flatMap { Int($0) }
        let empty = method == .head || head.status == .noContent || head.status == .notModified || declared == 0
        if empty || (declared ?? .max) <= smallResponse {
            let body: ByteBuffer
            do {
                body = try await exchange.collect(upTo: smallResponse)
            } catch let truncated as UpstreamExchange.Truncated {
                lease?.release()
                throw truncated.timedOut ? GatewayError(.timeout, "upstream did not answer in time") : GatewayError(.badGateway, "upstream answer broke off")
            }
            lease?.release()
            return Response(status: status, headers: fields, body: empty && body.readableBytes == 0 ? ResponseBody() : ResponseBody(byteBuffer: body))
        }
        let body = ResponseBody(contentLength: declared) { writer in
            defer { lease?.release() }
            do {
                while let chunk = try await exchange.next() {
                    try await writer.write(chunk)
                }
            } catch {
                exchange.abandon()
                throw error
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: fields, body: body)
    }

    /// Response header fields without hop-by-hop ones (RFC 9110 §7.6.1).
    static func responseFields(_ headers: HTTPHeaders) -> HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(headers.count)
        for (name, value) in headers {
            guard let fieldName = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        return HopByHopHeaders.stripped(fields)
    }

    /// Maps a failure to the gateway's answer: timeouts 504, everything else 502.
    static func classify(_ failure: UpstreamClient.Failure, upstream: String) -> GatewayError {
        switch failure {
        case .timeout:
            return GatewayError(.timeout, "\(upstream) did not answer in time")
        case .connectTimeout:
            return GatewayError(.timeout, "\(upstream) could not be reached in time")
        default:
            return GatewayError(.badGateway, "\(upstream) failed to answer")
        }
    }
}

extension TimeAmount {
    /// The same span as a NIO `TimeAmount`.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
