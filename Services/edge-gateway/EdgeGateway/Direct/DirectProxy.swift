import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import ServiceSupport
import TokenSupport

/// The gateway's fast path for the requests the viewer makes most, body-less `GET` and
/// `HEAD`, answered on the client connection's event loop with no task, no Hummingbird
/// request and no async hop (``DirectProxyHandler``):
/// - on a bearer route whose token was verified recently, the request is forwarded part by
///   part;
/// - on the viewer's open route, a file that needs no disk read (a generated file, a 304, a
///   `HEAD`, a small file ``ViewerFiles/cache`` holds) is answered at once.
///
/// Everything else — and any request whose direct attempt fails before the upstream answered
/// — goes through ``GatewayMiddleware``. Both paths apply the same rules: one path
/// normalisation and route lookup, the route's token requirement, ``ForwardingPolicy``'s
/// upstream headers plus `X-User`, hop-by-hop headers removed from the answer, the viewer's
/// ``StaticAnswer``, security headers, `X-Request-Id`, gzip, the access log line and the
/// request metrics.
final class DirectProxy: Sendable {
    let routes: RouteTable
    let pools: [GatewayRoute.Target: UpstreamPool]
    let policy: ForwardingPolicy
    let verifier: any TokenVerifier
    /// `http` or `https`: the scheme of this listener.
    let scheme: String
    let securityHeaders: SecurityHeaders
    let compression: ResponseCompression?
    let timeouts: ProxyTimeouts
    let connections: UpstreamConnectionPool<DirectUpstreamConnection>
    let poolIdle: TimeAmount
    let log: DirectRequestLog
    /// The viewer's files, the same ``ViewerFiles`` (and cache) the full path serves from.
    let viewer: ViewerFiles?

    init(
        routes: RouteTable, pools: [GatewayRoute.Target: UpstreamPool], policy: ForwardingPolicy, verifier: any TokenVerifier, scheme: String,
        securityHeaders: SecurityHeaders, compression: ResponseCompression?, timeouts: ProxyTimeouts, logger: Logger,
        viewer: ViewerFiles? = nil, maximumIdle: Int = 64, poolIdle: TimeAmount = .seconds(60)
    ) {
        self.routes = routes
        self.pools = pools
        self.policy = policy
        self.verifier = verifier
        self.scheme = scheme
        self.securityHeaders = securityHeaders
        self.compression = compression
        self.timeouts = timeouts
        self.connections = UpstreamConnectionPool(maximumIdle: maximumIdle)
        self.poolIdle = poolIdle
        self.log = DirectRequestLog(logger: logger)
        self.viewer = viewer
    }

    /// Closes idle upstream connections and keeps none from now on.
    func shutdown() {
        connections.shutdown()
    }

    /// What to do with `head` directly, or `nil` when it must take the full path: another
    /// method or version, a body or unusual framing, a CORS request, the gateway draining for
    /// shutdown (the full path then closes each connection after its answer), or what
    /// ``forwardPlan(_:fields:path:route:requirement:peer:memo:now:)`` and
    /// ``viewerAnswer(_:requestID:path:route:)`` leave to it.
    func decide(_ head: HTTPRequestHead, peer: String?, memo: inout TokenMemo, now: Date = Date()) -> DirectDecision? {
        guard head.method == .GET || head.method == .HEAD, head.version == .http1_1, !ShutdownDrain.shared.isDraining else { return nil }
        let fields = DirectRequestFields(head.headers)
        guard !fields.announcesBody, let path = try? NormalizedPath(target: head.uri), let route = routes.route(for: path),
              route.cors == nil || !fields.hasOrigin
        else { return nil }
        switch route.access {
        case .bearer(let requirement):
            return forwardPlan(head, fields: fields, path: path, route: route, requirement: requirement, peer: peer, memo: &memo, now: now)
                .map { .forward($0) }
        case .open where route.target == .viewer:
            return viewerAnswer(head, requestID: fields.requestID, path: path, route: route).map { .answer($0) }
        default:
            return nil
        }
    }

    /// The plan for forwarding `head`, or `nil` for the full path: a token not verified
    /// recently or lacking the route's roles, several `Host` or `Authorization` fields, or no
    /// plain-http replica.
    func forwardPlan(
        _ head: HTTPRequestHead, fields: DirectRequestFields, path: NormalizedPath, route: GatewayRoute, requirement: TokenRequirement,
        peer: String?, memo: inout TokenMemo, now: Date
    ) -> DirectRequest? {
        let headers = head.headers
        guard let pool = pools[route.target] else { return nil }
        guard let host = fields.host, let authorization = fields.authorization,
              let identity = memo.identity(for: authorization, now: now, verifier: verifier),
              (try? requirement.check(identity)) != nil, let replica = pool.candidates(limit: 1).first, let address = replica.address, !address.tls
        else { return nil }
        let requestID = RequestID.forRequest(sentAs: fields.requestID)
        let origin = ForwardingPolicy.Origin(peer: peer, scheme: scheme, host: host, requestID: requestID)
        var upstream = HeaderArray()
        upstream.reserveCapacity(headers.count + 8)
        upstream.append(name: "Host", value: address.hostHeader)
        policy.upstreamFields(headers, origin: origin, strippedPrefix: route.strippedPrefix, into: &upstream)
        upstream.append(name: "X-User", value: identity.username ?? identity.subject)
        let upstreamHead = HTTPRequestHead(
            version: .http1_1, method: head.method, uri: address.basePath + route.upstreamPath(for: path).encodedTarget, headers: upstream.headers)
        return DirectRequest(
            head: head, route: route, pool: pool, replica: replica, address: address, upstreamHead: upstreamHead, requestID: requestID,
            user: identity.subject, closesConnection: !head.isKeepAlive)
    }

    /// The complete answer to a viewer request that needs nothing from disk beyond resolving
    /// its path: a generated file, a 304, a `HEAD`, or a whole file ``ViewerFiles/cache``
    /// holds. `nil` for the full path: ranges, errors, and files not kept yet (the full path
    /// reads them into the cache, so the next request for one is answered here).
    func viewerAnswer(_ head: HTTPRequestHead, requestID sentRequestID: String?, path: NormalizedPath, route: GatewayRoute) -> DirectAnswer? {
        let start = ContinuousClock.now
        let isHEAD = head.method == .HEAD
        guard let viewer, let answer: StaticAnswer<HeaderArray> = try? viewer.answer(to: path, isHEAD: isHEAD, request: head.headers) else {
            return nil
        }
        let body: ByteBuffer?
        switch answer.body {
        case .none:
            body = nil
        case .bytes(let bytes):
            body = bytes
        case .file(let file):
            guard let kept = viewer.cachedContentsIfKept(of: file) else { return nil }
            body = kept
        case .range:
            return nil
        }
        var headers = answer.headers
        let status = Int(answer.status.code)
        securityHeaders.apply(to: &headers)
        headers.append(.date, HTTPDate.now())
        let requestID = RequestID.forRequest(sentAs: sentRequestID)
        headers.append(.xRequestIDField, requestID)
        var pieces = body.map { [$0] } ?? []
        if let compression, let body,
           compression.shouldCompress(request: head.headers, isHEAD: isHEAD, status: status, response: headers, declaredLength: body.readableBytes),
           let compressed = try? compression.stream().compress(body, finish: true)
        {
            ResponseCompression.markCompressed(&headers)
            headers.append(.contentLength, String(compressed.reduce(0) { $0 + $1.readableBytes }))
            pieces = compressed
        }
        if !head.isKeepAlive { headers.append(.connection, "close") }
        return DirectAnswer(
            request: head, route: route, requestID: requestID, start: start,
            head: HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status, reasonPhrase: answer.status.reasonPhrase),
                                   headers: headers.headers),
            body: pieces, closesConnection: !head.isKeepAlive)
    }

    /// The client's response head for the upstream's `head`: hop-by-hop fields removed,
    /// security headers and the request id added, gzip chosen when the rules allow.
    /// - Returns: The head, and the gzip stream when the body is to be compressed.
    func responseHead(for head: HTTPResponseHead, to request: DirectRequest) -> (HTTPResponseHead, GzipStream?) {
        let named = HopByHopHeaders.connectionNamed(in: head.headers)
        var headers = HeaderArray()
        headers.reserveCapacity(head.headers.count + 6)
        for (name, value) in head.headers where !HopByHopHeaders.isHopByHop(anyCase: name, named: named) {
            headers.append(name: name, value: value)
        }
        securityHeaders.apply(to: &headers)
        if headers[first: .date] == nil { headers.append(.date, HTTPDate.now()) }  // RFC 9110 §6.6.1
        headers[first: .xRequestIDField] = request.requestID
        var gzip: GzipStream?
        if let compression,
           compression.shouldCompress(
               request: request.head.headers, isHEAD: request.head.method == .HEAD, status: Int(head.status.code), response: headers,
               declaredLength: head.headers.firstValue("content-length").flatMap { Int($0) }),
           let stream = try? compression.stream()
        {
            ResponseCompression.markCompressed(&headers)
            gzip = stream
        }
        if request.closesConnection { headers.append(.connection, "close") }
        return (HTTPResponseHead(version: .http1_1, status: head.status, headers: headers.headers), gzip)
    }
}

/// The last token a client connection presented and what the verifier's cache said of it:
/// a connection usually repeats one `Authorization` header, which then costs a string
/// comparison instead of a parse, a SHA-256 and a shared-cache lookup. Valid exactly as long
/// as the verifier's own answer (``CachedVerification/validUntil``).
struct TokenMemo {
    private var authorization: String?
    private var remembered: CachedVerification?

    /// The verified identity for an `Authorization` header value, or `nil` when the verifier
    /// has no valid answer for it.
    mutating func identity(for header: String, now: Date, verifier: any TokenVerifier) -> VerifiedToken? {
        if header == authorization, let remembered, remembered.validUntil > now { return remembered.identity }
        guard let token = try? BearerToken(authorization: header), let cached = verifier.cachedVerification(token, now: now) else {
            return nil
        }
        authorization = header
        remembered = cached
        return cached.identity
    }
}

/// What ``DirectProxy/decide(_:peer:memo:now:)`` decided for one request.
enum DirectDecision {
    /// Forward it to a replica.
    case forward(DirectRequest)
    /// Answer it at once.
    case answer(DirectAnswer)
}

/// A complete answer the direct path writes at once (a viewer file from memory).
struct DirectAnswer {
    /// The client's request head.
    let request: HTTPRequestHead
    let route: GatewayRoute
    let requestID: String
    /// When the request arrived.
    let start: ContinuousClock.Instant
    /// The answer's head.
    let head: HTTPResponseHead
    /// The answer's body, in order (gzip-compressed when the head says so).
    let body: [ByteBuffer]
    /// The client asked to close the connection after this answer.
    let closesConnection: Bool
}

/// The plan of a request ``DirectProxy`` forwards.
final class DirectRequest {
    /// The client's request head.
    let head: HTTPRequestHead
    let route: GatewayRoute
    let pool: UpstreamPool
    let replica: UpstreamPool.Replica
    let address: UpstreamAddress
    /// The request as the replica gets it.
    let upstreamHead: HTTPRequestHead
    let requestID: String
    /// The token's subject, for the access log.
    let user: String
    /// The client asked to close the connection after this answer.
    let closesConnection: Bool
    /// When the request arrived.
    let start = ContinuousClock.now

    init(
        head: HTTPRequestHead, route: GatewayRoute, pool: UpstreamPool, replica: UpstreamPool.Replica, address: UpstreamAddress,
        upstreamHead: HTTPRequestHead, requestID: String, user: String, closesConnection: Bool
    ) {
        self.head = head
        self.route = route
        self.pool = pool
        self.replica = replica
        self.address = address
        self.upstreamHead = upstreamHead
        self.requestID = requestID
        self.user = user
        self.closesConnection = closesConnection
    }
}
