import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import ServiceSupport
import TokenSupport

/// Builds edge-gateway: the composition root that creates its upstream client, pools,
/// token verifier, routes and static files.
/// - Parameters:
///   - configuration: Validated configuration.
///   - logger: Root logger.
/// - Returns: The application, ready to run.
public func buildApplication(_ configuration: GatewayConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    let upstreams = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .upstream(configuration.timeouts))
    let identityPool = UpstreamPool(
        name: "identity-service", baseURLs: configuration.identityURLs, balancing: configuration.balancing,
        maximumFailures: configuration.maximumFailures, failTimeout: configuration.failTimeout)
    let pacsPool = UpstreamPool(
        name: "pacs-service", baseURLs: configuration.pacsURLs, balancing: configuration.balancing,
        maximumFailures: configuration.maximumFailures, failTimeout: configuration.failTimeout)
    let probe = ReadinessProbe(checks: [
        UpstreamReadinessCheck(name: "identity-service", baseURLs: configuration.identityURLs, client: upstreams),
        UpstreamReadinessCheck(name: "pacs-service", baseURLs: configuration.pacsURLs, client: upstreams),
    ], timeout: .seconds(3))
    let backchannel = BackchannelClient(httpClient: upstreams)
    let metadata = IssuerMetadata(
        location: IssuerLocation(
            issuer: configuration.issuer, backchannelBases: configuration.identityURLs.map { $0 + "/realms/" + configuration.realm }),
        client: backchannel, minimumRefreshInterval: configuration.jwksRefreshInterval, logger: logger)
    let verifier = makeVerifier(configuration, metadata: metadata, client: backchannel)
    let proxy = ReverseProxy(group: MultiThreadedEventLoopGroup.singleton, timeouts: configuration.timeouts)
    let router = ServiceRouter.make(context: GatewayRequestContext.self, health: HealthRoutes(probe: probe))
    let routes = configuration.routeTable()
    let pools: [GatewayRoute.Target: UpstreamPool] = [.identity: identityPool, .pacs: pacsPool]
    let policy = ForwardingPolicy(trustedProxies: configuration.trustedProxies)
    let scheme = configuration.tls == nil ? "http" : "https"
    let securityHeaders = SecurityHeaders(
        strictTransportSecurity: configuration.server.publicURL.lowercased().hasPrefix("https:"),
        contentSecurityPolicy: SecurityHeaders.defaultContentSecurityPolicy)
    let compression = configuration.gzipLevel > 0
        ? ResponseCompression(minimumLength: configuration.gzipMinimumLength, level: Int32(configuration.gzipLevel)) : nil
    let viewer = try configuration.viewerFiles()  // one instance: both paths share its file cache
    router.add(middleware: GatewayMiddleware(
        routes: routes,
        proxy: proxy,
        pools: pools,
        policy: policy,
        bearer: BearerGate(verifier: verifier),
        sessions: makeSessionGate(configuration, metadata: metadata, client: backchannel, accessTokens: verifier, logger: logger),
        viewer: viewer,
        scheme: scheme,
        securityHeaders: securityHeaders,
        loginRateLimiter: configuration.loginRate > 0 ? RateLimiter(perSecond: configuration.loginRate, burst: configuration.loginBurst) : nil,
        compression: compression
    ))
    let direct = DirectProxy(
        routes: routes, pools: pools, policy: policy, verifier: verifier, scheme: scheme, securityHeaders: securityHeaders,
        compression: compression, timeouts: configuration.timeouts, logger: logger, viewer: viewer)
    var services: [any Service] = [HTTPClientService(client: upstreams, proxy: proxy, direct: direct)]
    if let interval = configuration.dnsRefreshInterval {
        let resolver = UpstreamResolver(pools: [identityPool, pacsPool], interval: interval, logger: logger)
        await resolver.resolveAll()
        services.append(resolver)
    }
    if let interval = configuration.healthCheckInterval {
        services.append(UpstreamHealthChecker(pools: [identityPool, pacsPool], client: upstreams, interval: interval, logger: logger))
    }
    let connections = HTTP1Channel.Configuration(
        idleTimeout: TimeAmount(configuration.clientIdleTimeout),
        httpDecoderConfiguration: .init(
            maxHeaderFieldSize: configuration.maximumHeaderSize, maxHeaderListSize: configuration.maximumHeaderSize, maxHeaderFieldCount: 256))
    // Plain HTTP/1.1 connections get the direct path for verified body-less GETs (DirectProxy),
    // whose handler keeps the idle timeout of these connections.
    let plainConnections = { var plain = connections; plain.idleTimeout = nil; return plain }()
    var server = HTTPServerBuilder { responder in
        DirectProxyChannel(
            base: HTTP1Channel(responder: responder, configuration: plainConnections), proxy: direct,
            idleTimeout: TimeAmount(configuration.clientIdleTimeout))
    }
    if let tls = configuration.tls {
        let certificates = try CertificateStore(tls)
        services.append(CertificateReloader(store: certificates, logger: logger))
        server = try .http2Upgrade(
            tlsConfiguration: tls.serverConfiguration(certificates),
            configuration: .init(idleTimeout: configuration.clientIdleTimeout, streamConfiguration: connections))
        if let port = tls.redirectPort {
            services.append(HTTPSRedirect.application(
                host: configuration.server.host, port: port, publicURL: configuration.server.publicURL, logger: logger))
        }
    }
    return Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
        services: services,
        logger: logger
    )
}

/// The token verifier for `/pacs`: local JWT verification or introspection.
func makeVerifier(_ configuration: GatewayConfiguration, metadata: IssuerMetadata, client: BackchannelClient) -> any TokenVerifier {
    switch configuration.authMode {
    case .jwt:
        return JWTVerifier(metadata: metadata, options: .init(allowedAlgorithms: configuration.algorithms, leeway: TimeInterval(configuration.jwtLeeway)))
    case .introspection:
        return IntrospectionVerifier(
            metadata: metadata, client: client, clientID: configuration.clientID, clientSecret: configuration.clientSecret ?? "",
            cacheTTL: Double(configuration.introspectionCacheTTL))
    }
}

/// The login sessions of `/pacs-admin`, or `nil` without a client secret (nobody can log in then).
func makeSessionGate(
    _ configuration: GatewayConfiguration, metadata: IssuerMetadata, client: BackchannelClient, accessTokens: any TokenVerifier, logger: Logger
) -> SessionGate? {
    guard let secret = configuration.clientSecret else {
        logger.warning("PACS_CLIENT_SECRET is not set: /pacs-admin login is disabled")
        return nil
    }
    var secrets = configuration.sessionSecrets
    if secrets.isEmpty {
        logger.warning("GATEWAY_SESSION_SECRET is not set: sessions use a random key and end when this process stops")
        secrets = [Base64URL.random(bytes: 32)]
    }
    return SessionGate(
        sealer: SessionSealer(secrets: secrets),
        cookies: SessionCookies(path: configuration.adminPrefix, secure: configuration.server.publicURL.lowercased().hasPrefix("https:")),
        tokenClient: OIDCTokenClient(metadata: metadata, client: client, clientID: configuration.clientID, clientSecret: secret),
        idTokens: JWTVerifier(metadata: metadata, options: .init(allowedAlgorithms: configuration.algorithms, leeway: TimeInterval(configuration.jwtLeeway))),
        accessTokens: accessTokens,
        metadata: metadata,
        publicURL: configuration.server.publicURL,
        prefix: configuration.adminPrefix,
        clientID: configuration.clientID,
        sessionLifetime: TimeInterval(configuration.sessionLifetime),
        // Registered for the `pacs` client in the seed realm; the viewer's own page belongs to ohif-viewer.
        postLogoutPath: configuration.adminPrefix + "/")
}

extension HTTPClient.Configuration {
    /// The back-channel client (discovery, JWKS, introspection, token calls, readiness and
    /// health probes; proxied requests use ``ReverseProxy``'s own client): no redirects
    /// followed, no decompression, fast failure on refused connections, keep-alive pools.
    static func upstream(_ timeouts: ProxyTimeouts) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.httpVersion = .http1Only
        configuration.timeout = .init(connect: TimeAmount(timeouts.connect), read: TimeAmount(timeouts.idle), write: TimeAmount(timeouts.idle))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.tracing.tracer = nil  // no spans per proxied request
        return configuration
    }
}
