import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import ServiceSupport
import TokenSupport

/// The gateway's fast path for the requests the viewer makes most: body-less `GET` and
/// `HEAD` on a bearer route whose token was verified recently. Such a request is forwarded on
/// the client connection's event loop, part by part, with no task, no Hummingbird request and
/// no async hop (``DirectProxyHandler``); everything else — and any request whose direct
/// attempt fails before the upstream answered — goes through ``GatewayMiddleware``.
///
/// Both paths apply the same rules: one path normalisation and route lookup, the route's
/// token requirement, ``ForwardingPolicy``'s upstream headers plus `X-User`, hop-by-hop
/// headers removed from the answer, security headers, `X-Request-Id`, gzip, the access log
/// line and the request metrics.
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

    init(
        routes: RouteTable, pools: [GatewayRoute.Target: UpstreamPool], policy: ForwardingPolicy, verifier: any TokenVerifier, scheme: String,
        securityHeaders: SecurityHeaders, compression: ResponseCompression?, timeouts: ProxyTimeouts, logger: Logger,
        maximumIdle: Int = 64, poolIdle: TimeAmount = .seconds(60)
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
    }

    /// Closes idle upstream connections and keeps none from now on.
    func shutdown() {
        connections.shutdown()
    }

    /// The plan for answering `request` directly, or `nil` when it must take the full path:
    /// another method, a body, a route without bearer access, a CORS request, a token not
    /// verified recently or lacking the route's roles, no plain-http replica, or the gateway is
    /// draining for shutdown (the full path then closes each connection after its answer).
    func plan(_ request: HTTPRequest, peer: String?, memo: inout TokenMemo, now: Date = Date()) -> DirectRequest? {
        guard request.method == .get || request.method == .head, !ShutdownDrain.shared.isDraining, let target = request.path,
              let path = try? NormalizedPath(target: target), let route = routes.route(for: path),
              case .bearer(let requirement) = route.access, let pool = pools[route.target],
              route.cors == nil || request.headerFields[.origin] == nil,
              (try? MessageFraming.body(of: request.headerFields)) == MessageFraming.Body.none
        else { return nil }
        let authorization = request.headerFields[values: .authorization]
        guard authorization.count == 1, let identity = memo.identity(for: authorization[0], now: now, verifier: verifier),
              (try? requirement.check(identity)) != nil, let replica = pool.candidates(limit: 1).first, let address = replica.address, !address.tls
        else { return nil }
        let requestID = RequestID.forRequest(sentAs: request.headerFields[.xRequestID])
        let origin = ForwardingPolicy.Origin(peer: peer, scheme: scheme, host: request.authority, requestID: requestID)
        var fields = policy.upstreamFields(
            request.headerFields, origin: origin, strippedPrefix: route.strippedPrefix)
        fields[.xUser] = identity.username ?? identity.subject
        let head = ReverseProxy.requestHead(
            method: request.method, target: route.upstreamPath(for: path), fields: fields, hasBody: false, contentLength: nil, address: address)
        return DirectRequest(
            request: request, route: route, pool: pool, replica: replica, address: address, upstreamHead: head, requestID: requestID,
            user: identity.subject, closesConnection: HopByHopHeaders.connectionNamed(in: request.headerFields).contains("close"))
    }

    /// The client's response head for the upstream's `head`: hop-by-hop fields removed,
    /// security headers and the request id added, gzip chosen when the rules allow.
    /// - Returns: The head, and the gzip stream when the body is to be compressed.
    func responseHead(for head: HTTPResponseHead, to request: DirectRequest) -> (HTTPResponse, GzipStream?) {
        var fields = ReverseProxy.responseFields(head.headers)
        securityHeaders.apply(to: &fields)
        if fields[.date] == nil { fields[.date] = HTTPDate.format(Int(Date().timeIntervalSince1970)) }  // RFC 9110 §6.6.1
        fields[.xRequestID] = request.requestID
        let status = HTTPResponse.Status(code: Int(head.status.code), reasonPhrase: head.status.reasonPhrase)
        var gzip: GzipStream?
        if let compression,
           compression.shouldCompress(
               request: request.request.headerFields, method: request.request.method, status: status, response: fields,
               declaredLength: head.headers.first(name: "content-length").flatMap { Int($0) }),
           let stream = try? compression.stream()
        {
            ResponseCompression.markCompressed(&fields)
            gzip = stream
        }
        return (HTTPResponse(status: status, headerFields: fields), gzip)
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

/// What ``DirectProxy/plan(_:peer:memo:now:)`` decided for one request.
struct DirectRequest {
    /// The client's request.
    let request: HTTPRequest
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
}
