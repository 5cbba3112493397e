import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceSupport
import TokenSupport

/// The gateway's request pipeline for everything but its own health routes: framing check,
/// one path normalisation, route lookup, authentication, then forwarding or static files.
struct GatewayMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let routes: RouteTable
    let proxy: ReverseProxy
    let pools: [GatewayRoute.Target: UpstreamPool]
    let policy: ForwardingPolicy
    let bearer: BearerGate
    /// Login sessions for `.session` routes; `nil` when no client secret is configured.
    let sessions: SessionGate?
    let viewer: ViewerFiles
    /// `http` or `https`: the scheme of this listener.
    let scheme: String
    /// Headers added to answers.
    let securityHeaders: SecurityHeaders
    /// Per-client limit on identity login and token endpoints; `nil` for none.
    let loginRateLimiter: RateLimiter?
    /// gzip of compressible answers; `nil` for none.
    let compression: ResponseCompression?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await answer(request, context: context)
        securityHeaders.apply(to: &response.headers)
        compression?.apply(request, to: &response)
        return response
    }

    private func answer(_ request: Request, context: Context) async throws -> Response {
        let framing = try MessageFraming.body(of: request.headers)
        guard let target = request.head.path else { throw GatewayError(.badRequest, "request target missing") }
        let path: NormalizedPath
        do {
            path = try NormalizedPath(target: target)
        } catch let invalid as NormalizedPath.Invalid {
            throw GatewayError(.badRequest, invalid.reason)
        }
        guard let route = routes.route(for: path) else { throw GatewayError(.notFound, "not found") }
        // Route and user go on the access log line only: setting logger metadata per request
        // is costly (the text handler re-renders its metadata on every change).
        AccessLogFields.record("route", route.name)
        context.coreContext.endpointPath.value = route.metricsLabel  // the metrics' `http.route` label
        if let cors = route.cors, let origin = request.headers[.origin], CORSPolicy.isPreflight(request) {
            return cors.preflight(origin: origin)
        }
        guard let cors = route.cors else {
            return try await authenticateAndAnswer(request, path: path, route: route, framing: framing, context: context)
        }
        var response: Response
        do {
            response = try await authenticateAndAnswer(request, path: path, route: route, framing: framing, context: context)
        } catch let error as GatewayError {
            response = try error.response(from: request, context: context)  // so the page can read why (e.g. 401)
        }
        cors.apply(origin: request.headers[.origin], to: &response.headers)
        return response
    }

    private func authenticateAndAnswer(
        _ request: Request, path: NormalizedPath, route: GatewayRoute, framing: MessageFraming.Body, context: Context
    ) async throws -> Response {
        if let loginRateLimiter, route.target == .identity, RateLimitedPaths.matches(path, identity: route.prefix),
           !loginRateLimiter.allow(policy.clientAddress(request.headers, peer: context.remoteAddress?.ipAddress) ?? "unknown")
        {
            throw GatewayError(.rateLimited, "too many requests; slow down")
        }

        var identityFields = HTTPFields()
        var cookiesToSet: [String] = []
        switch route.access {
        case .open:
            break
        case .bearer(let requirement):
            let identity = try await bearer.authenticate(request.headers, requirement: requirement)
            AccessLogFields.record("user", identity.subject)
            identityFields[.xUser] = identity.username ?? identity.subject
        case .session(let requirement):
            guard let sessions else { throw GatewayError(.invalidToken, "login is not configured on this gateway") }
            switch try await sessions.handle(request, path: path, requirement: requirement, logger: context.logger) {
            case .respond(let response):
                return response
            case .proceed(let identity, let session, let setCookies):
                AccessLogFields.record("user", identity.subject)
                identityFields[.xUser] = identity.username ?? identity.subject
                identityFields[.authorization] = "Bearer " + session.accessToken
                identityFields[.cookie] = Self.cookiesWithout(prefix: "tessera_admin_", request.headers)
                cookiesToSet = setCookies
            }
        }

        switch route.target {
        case .viewer:
            return try await viewer.respond(to: request, path: path, context: context)
        case .identity, .pacs:
            guard let pool = pools[route.target] else { throw GatewayError(.unavailable, "no upstream for \(route.name)") }
            var response = try await forward(
                request, path: path, route: route, framing: framing, identityFields: identityFields, pool: pool, context: context)
            if route.target == .identity, let sessions {
                cookiesToSet += await sessions.cookiesEndedByProviderLogout(request, path: path, status: response.status)
            }
            for cookie in cookiesToSet { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
            return response
        }
    }

    /// The request's `Cookie` header without the gateway's own cookies (they hold tokens).
    static func cookiesWithout(prefix: String, _ fields: HTTPFields) -> String {
        fields[values: .cookie].flatMap { $0.split(separator: ";") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix(prefix) }
            .joined(separator: "; ")
    }

    private func forward(
        _ request: Request, path: NormalizedPath, route: GatewayRoute, framing: MessageFraming.Body, identityFields: HTTPFields,
        pool: UpstreamPool, context: Context
    ) async throws -> Response {
        let origin = ForwardingPolicy.Origin(
            peer: context.remoteAddress?.ipAddress, scheme: scheme, host: request.head.authority,
            requestID: context.logger[metadataKey: "request_id"].map { "\($0)" })
        var fields = policy.upstreamFields(request.headers, origin: origin, strippedPrefix: route.strippedPrefix)
        for field in identityFields {
            fields[field.name] = nil
            if !field.value.isEmpty { fields.append(field) }
        }
        let contentLength: Int64?
        if case .length(let length) = framing { contentLength = length } else { contentLength = nil }
        let outbound = ReverseProxy.Outbound(
            method: request.method, target: route.upstreamPath(for: path), fields: fields, body: request.body,
            contentLength: contentLength, hasBody: framing != .none, maximumBodySize: route.maximumBodySize, eventLoop: context.eventLoop)
        return try await proxy.forward(outbound, to: pool, logger: context.logger)
    }
}
