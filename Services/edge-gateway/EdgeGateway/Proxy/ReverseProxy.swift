import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Forwards a request to a replica of an upstream and streams the answer back.
///
/// Bodies stream both ways and are never collected. Requests that are idempotent and
/// carry no body are retried on the next replica when one fails at the connection level
/// (nginx's `proxy_next_upstream error timeout`); anything else is tried once, since a
/// streamed body cannot be replayed. Failures answer 502 (replica failed), 503 (no replica)
/// or 504 (timeout) with a JSON reason.
public struct ReverseProxy: Sendable {
    let client: HTTPClient
    let timeouts: ProxyTimeouts
    let maximumAttempts: Int
    /// The client's event loops, for pacing uploads (``PacedBody``).
    let eventLoops: [any EventLoop]

    /// Creates a proxy.
    /// - Parameters:
    ///   - client: The upstream HTTP client (keep-alive pools per replica).
    ///   - timeouts: Upstream timeouts.
    ///   - maximumAttempts: Most replicas tried for a retryable request.
    public init(client: HTTPClient, timeouts: ProxyTimeouts, maximumAttempts: Int = 3) {
        self.client = client
        self.timeouts = timeouts
        self.maximumAttempts = max(1, maximumAttempts)
        self.eventLoops = Array(client.eventLoopGroup.makeIterator())
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
    }

    /// Forwards `outbound` to `pool`.
    /// - Returns: The upstream's response, body streaming.
    /// - Throws: ``GatewayError`` for 413/502/503/504.
    public func forward(_ outbound: Outbound, to pool: UpstreamPool, logger: Logger) async throws -> Response {
        if let limit = outbound.maximumBodySize, let length = outbound.contentLength, length > limit {
            throw GatewayError(.payloadTooLarge, "request body larger than \(limit) bytes")
        }
        let retryable = !outbound.hasBody && [.get, .head, .options, .delete].contains(outbound.method)
        let candidates = pool.candidates(limit: retryable ? maximumAttempts : 1)
        guard !candidates.isEmpty else { throw GatewayError(.unavailable, "\(pool.name) has no replica") }
        let tripwire = LimitedBody<RequestBody>.Tripwire()
        var lastError = GatewayError(.unavailable, "\(pool.name) is unavailable")
        for replica in candidates {
            let request = makeRequest(outbound, baseURL: replica.baseURL, tripwire: tripwire)
            let deadline: Duration = outbound.hasBody ? timeouts.upload : timeouts.firstByte
            let lease = pool.balancing == .leastConnections ? pool.lease(replica) : nil
            do {
                let response = try await client.execute(request, timeout: TimeAmount(deadline), logger: logger)
                pool.recordSuccess(replica)
                return Self.response(from: response, lease: lease)
            } catch {
                lease?.release()
                if tripwire.tripped {
                    throw GatewayError(.payloadTooLarge, "request body larger than \(outbound.maximumBodySize ?? 0) bytes")
                }
                if Task.isCancelled { throw error }
                lastError = Self.classify(error, upstream: pool.name)
                pool.recordFailure(replica)
                logger.warning("upstream request failed", metadata: [
                    "upstream": "\(pool.name)", "replica": "\(replica.baseURL)", "error": "\(lastError.reason)",
                ])
                guard retryable else { break }
            }
        }
        throw lastError
    }

    private func makeRequest(_ outbound: Outbound, baseURL: String, tripwire: LimitedBody<RequestBody>.Tripwire) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: baseURL + outbound.target.encodedTarget)
        request.method = HTTPMethod(rawValue: outbound.method.rawValue)
        request.headers.reserveCapacity(outbound.fields.count)
        for field in outbound.fields {
            request.headers.add(name: field.name.rawName, value: field.value)
        }
        if outbound.hasBody {
            let limited = LimitedBody(base: outbound.body, limit: outbound.maximumBodySize, tripwire: tripwire)
            let paced = PacedBody(base: limited, eventLoops: eventLoops, window: Self.uploadWindow)
            request.body = .stream(paced, length: outbound.contentLength.map { .known($0) } ?? .unknown)
        }
        return request
    }

    /// Request-body bytes handed to the upstream client between two pacing barriers.
    static let uploadWindow = 1024 * 1024

    /// The client's response: upstream status and headers minus hop-by-hop fields, body
    /// streaming; `lease` (least-connections counting) ends when the body has been sent.
    static func response(from upstream: HTTPClientResponse, lease: UpstreamPool.Lease? = nil) -> Response {
        var fields = HTTPFields()
        fields.reserveCapacity(upstream.headers.count)
        for (name, value) in upstream.headers {
            guard let fieldName = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        let status = HTTPResponse.Status(code: Int(upstream.status.code), reasonPhrase: upstream.status.reasonPhrase)
        let body: ResponseBody
        if let lease {
            let upstreamBody = upstream.body
            body = ResponseBody { writer in
                defer { lease.release() }
                try await writer.write(upstreamBody)
                try await writer.finish(nil)
            }
        } else {
            body = ResponseBody(asyncSequence: upstream.body)
        }
        return Response(status: status, headers: HopByHopHeaders.stripped(fields), body: body)
    }

    /// Maps a client error to the gateway's answer: timeouts 504, everything else 502.
    static func classify(_ error: any Error, upstream: String) -> GatewayError {
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return GatewayError(.timeout, "\(upstream) did not answer in time")
            case .connectTimeout, .getConnectionFromPoolTimeout:
                return GatewayError(.timeout, "\(upstream) could not be reached in time")
            default:
                break
            }
        }
        return GatewayError(.badGateway, "\(upstream) failed to answer")
    }
}

extension TimeAmount {
    /// The same span as a NIO `TimeAmount`.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
