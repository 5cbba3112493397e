import ServiceSupport

extension ConfigurationKey {
    /// `GATEWAY_IDENTITY_URLS`
    public static let gatewayIdentityURLs = ConfigurationKey(
        "gateway.identity.urls", type: "urls", default: "http://127.0.0.1:8081", summary: "identity-service replicas, comma-separated")
    /// `GATEWAY_PACS_URLS`
    public static let gatewayPACSURLs = ConfigurationKey(
        "gateway.pacs.urls", type: "urls", default: "http://127.0.0.1:8042", summary: "pacs-service replicas, comma-separated")
    /// `GATEWAY_REALM`
    public static let gatewayRealm = ConfigurationKey("gateway.realm", type: "string", default: "ohif", summary: "realm whose tokens open /pacs and /pacs-admin")
    /// `GATEWAY_AUTH_MODE`
    public static let gatewayAuthMode = ConfigurationKey(
        "gateway.auth.mode", type: "jwt|introspection", default: "jwt", summary: "check /pacs bearer tokens locally (jwt) or with RFC 7662 introspection")
    /// `GATEWAY_CLIENT_ID`
    public static let gatewayClientID = ConfigurationKey("gateway.client.id", type: "string", default: "pacs", summary: "the gateway's confidential client (introspection, /pacs-admin login)")
    /// `PACS_CLIENT_SECRET`
    public static let pacsClientSecret = ConfigurationKey(
        "pacs.client.secret", type: "secret", summary: "secret of the confidential client; required for introspection and /pacs-admin login", isSecret: true)
    /// `GATEWAY_INTROSPECTION_CACHE_TTL`
    public static let gatewayIntrospectionCacheTTL = ConfigurationKey(
        "gateway.introspection.cache.ttl", type: "seconds", default: "30", summary: "longest reuse of an introspection answer (never past the token's exp)")
    /// `GATEWAY_JWT_ALGORITHMS`
    public static let gatewayJWTAlgorithms = ConfigurationKey(
        "gateway.jwt.algorithms", type: "list", default: "RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512", summary: "accepted token signing algorithms (asymmetric only)")
    /// `GATEWAY_JWKS_REFRESH_INTERVAL`
    public static let gatewayJWKSRefreshInterval = ConfigurationKey(
        "gateway.jwks.refresh.interval", type: "seconds", default: "10", summary: "least time between JWKS refreshes caused by unknown key ids")
    /// `GATEWAY_PACS_REQUIRED_ROLES`
    public static let gatewayPACSRequiredRoles = ConfigurationKey(
        "gateway.pacs.required.roles", type: "list", default: "none", summary: "realm roles every /pacs request needs (403 without)")
    /// `GATEWAY_PACS_AUDIENCE`
    public static let gatewayPACSAudience = ConfigurationKey("gateway.pacs.audience", type: "string", summary: "audience /pacs tokens must name (unchecked when unset)")
    /// `GATEWAY_PACS_MAX_BODY`
    public static let gatewayPACSMaxBody = ConfigurationKey("gateway.pacs.max.body", type: "bytes", default: "8g", summary: "largest /pacs request body (413 above)")
    /// `GATEWAY_AUTH_MAX_BODY`
    public static let gatewayAuthMaxBody = ConfigurationKey("gateway.auth.max.body", type: "bytes", default: "1m", summary: "largest /auth request body")
    /// `GATEWAY_ADMIN_MAX_BODY`
    public static let gatewayAdminMaxBody = ConfigurationKey("gateway.admin.max.body", type: "bytes", default: "64m", summary: "largest /pacs-admin request body")
    /// `GATEWAY_IDENTITY_PREFIX`
    public static let gatewayIdentityPrefix = ConfigurationKey("gateway.identity.prefix", type: "path", default: "/auth", summary: "public prefix of identity-service (kept upstream)")
    /// `GATEWAY_PACS_PREFIX`
    public static let gatewayPACSPrefix = ConfigurationKey("gateway.pacs.prefix", type: "path", default: "/pacs", summary: "public prefix of the archive (stripped upstream)")
    /// `GATEWAY_PACS_ADMIN_PREFIX`
    public static let gatewayPACSAdminPrefix = ConfigurationKey("gateway.pacs.admin.prefix", type: "path", default: "/pacs-admin", summary: "public prefix of the archive's admin UI")
    /// `GATEWAY_PACS_ADMIN_UPSTREAM_PATH`
    public static let gatewayPACSAdminUpstreamPath = ConfigurationKey(
        "gateway.pacs.admin.upstream.path", type: "path", default: "/admin", summary: "where pacs-service serves its admin UI")
    /// `GATEWAY_IDENTITY_STRIP_PREFIX`
    public static let gatewayIdentityStripPrefix = ConfigurationKey(
        "gateway.identity.strip.prefix", type: "bool", default: "false", summary: "strip the identity prefix before identity-service (kept by default)")
    /// `GATEWAY_TRUSTED_PROXIES`
    public static let gatewayTrustedProxies = ConfigurationKey(
        "gateway.trusted.proxies", type: "cidr list", default: "none", summary: "peers whose X-Forwarded-* headers are believed")
    /// `GATEWAY_CONNECT_TIMEOUT`
    public static let gatewayConnectTimeout = ConfigurationKey("gateway.connect.timeout", type: "seconds", default: "5", summary: "connecting to an upstream replica")
    /// `GATEWAY_FIRST_BYTE_TIMEOUT`
    public static let gatewayFirstByteTimeout = ConfigurationKey(
        "gateway.first.byte.timeout", type: "seconds", default: "60", summary: "waiting for an upstream's response head (requests without body)")
    /// `GATEWAY_IDLE_TIMEOUT`
    public static let gatewayIdleTimeout = ConfigurationKey("gateway.idle.timeout", type: "seconds", default: "60", summary: "longest silence on an upstream connection")
    /// `GATEWAY_UPLOAD_TIMEOUT`
    public static let gatewayUploadTimeout = ConfigurationKey(
        "gateway.upload.timeout", type: "seconds", default: "3600", summary: "sending a request body and waiting for the response head")
    /// `GATEWAY_HEALTH_CHECK_INTERVAL`
    public static let gatewayHealthCheckInterval = ConfigurationKey(
        "gateway.health.check.interval", type: "seconds", default: "2", summary: "active /readyz probes of each replica (0 disables)")
    /// `GATEWAY_MAX_FAILS`
    public static let gatewayMaxFails = ConfigurationKey("gateway.max.fails", type: "int", default: "1", summary: "failed requests that take a replica out of rotation")
    /// `GATEWAY_FAIL_TIMEOUT`
    public static let gatewayFailTimeout = ConfigurationKey("gateway.fail.timeout", type: "seconds", default: "10", summary: "how long a failed replica stays out of rotation")
    /// `GATEWAY_VIEWER_ROOT`
    public static let gatewayViewerRoot = ConfigurationKey("gateway.viewer.root", type: "path", summary: "directory of the OHIF build to serve (a landing page when unset)")
    /// `GATEWAY_VIEWER_ASSET_PREFIXES`
    public static let gatewayViewerAssetPrefixes = ConfigurationKey(
        "gateway.viewer.asset.prefixes", type: "list", default: "none", summary: "base paths the viewer build was made for, e.g. /ohif")
    /// `GATEWAY_VIEWER_CLIENT_ID`
    public static let gatewayViewerClientID = ConfigurationKey(
        "gateway.viewer.client.id", type: "string", default: "ohif-viewer", summary: "OHIF's client id in the generated app-config.js")
    /// `GATEWAY_SESSION_SECRET`
    public static let gatewaySessionSecret = ConfigurationKey(
        "gateway.session.secret", type: "secret list", default: "random per process",
        summary: "keys sealing /pacs-admin session cookies, newest first (>= 32 characters each)", isSecret: true)
    /// `GATEWAY_SESSION_LIFETIME`
    public static let gatewaySessionLifetime = ConfigurationKey(
        "gateway.session.lifetime", type: "seconds", default: "28800", summary: "longest life of a /pacs-admin login session")
    /// `GATEWAY_LOGIN_RATE`
    public static let gatewayLoginRate = ConfigurationKey(
        "gateway.login.rate", type: "per second", default: "5", summary: "sustained login/token requests per client and second (0 disables)")
    /// `GATEWAY_LOGIN_BURST`
    public static let gatewayLoginBurst = ConfigurationKey(
        "gateway.login.burst", type: "int", default: "20", summary: "login/token requests a client may make at once")
    /// `GATEWAY_TLS_CERT_FILE`
    public static let gatewayTLSCertFile = ConfigurationKey(
        "gateway.tls.cert.file", type: "path", summary: "PEM certificate chain; with GATEWAY_TLS_KEY_FILE the gateway serves HTTPS (HTTP/2 + HTTP/1.1)")
    /// `GATEWAY_TLS_KEY_FILE`
    public static let gatewayTLSKeyFile = ConfigurationKey("gateway.tls.key.file", type: "path", summary: "PEM private key of the TLS certificate")
    /// `GATEWAY_HTTP_REDIRECT_PORT`
    public static let gatewayHTTPRedirectPort = ConfigurationKey(
        "gateway.http.redirect.port", type: "int", summary: "with TLS: plain-HTTP port that redirects to PUBLIC_URL")
    /// `GATEWAY_CLIENT_IDLE_TIMEOUT`
    public static let gatewayClientIdleTimeout = ConfigurationKey(
        "gateway.client.idle.timeout", type: "seconds", default: "75", summary: "client connections silent this long are closed")
    /// `GATEWAY_MAX_HEADER_SIZE`
    public static let gatewayMaxHeaderSize = ConfigurationKey(
        "gateway.max.header.size", type: "bytes", default: "32k", summary: "largest request header block accepted from clients")
    /// `GATEWAY_BALANCING`
    public static let gatewayBalancing = ConfigurationKey(
        "gateway.balancing", type: "round-robin|least-connections", default: "round-robin", summary: "how a replica is chosen for each request")
    /// `GATEWAY_DNS_REFRESH_INTERVAL`
    public static let gatewayDNSRefreshInterval = ConfigurationKey(
        "gateway.dns.refresh.interval", type: "seconds", default: "10",
        summary: "re-resolve upstream host names into one replica per address (0: leave names to the HTTP client)")
    /// `GATEWAY_GZIP_LEVEL`
    public static let gatewayGzipLevel = ConfigurationKey(
        "gateway.gzip.level", type: "int", default: "5", summary: "gzip level (1-9) for compressible answers; 0 disables compression")
    /// `GATEWAY_GZIP_MIN_LENGTH`
    public static let gatewayGzipMinLength = ConfigurationKey(
        "gateway.gzip.min.length", type: "bytes", default: "1k", summary: "answers declaring fewer bytes are not compressed")
    /// `GATEWAY_AUTH_CORS_ORIGINS`
    public static let gatewayAuthCORSOrigins = ConfigurationKey(
        "gateway.auth.cors.origins", type: "list", default: "none", summary: "origins allowed cross-origin on /auth (* for any); unset leaves CORS to identity-service")
    /// `GATEWAY_PACS_CORS_ORIGINS`
    public static let gatewayPACSCORSOrigins = ConfigurationKey(
        "gateway.pacs.cors.origins", type: "list", default: "none", summary: "origins allowed cross-origin on /pacs (* for any); unset leaves CORS to pacs-service")
    /// `GATEWAY_VIEWER_CORS_ORIGINS`
    public static let gatewayViewerCORSOrigins = ConfigurationKey(
        "gateway.viewer.cors.origins", type: "list", default: "none", summary: "origins allowed cross-origin on the viewer's files (* for any)")
    /// `GATEWAY_JWT_LEEWAY`
    public static let gatewayJWTLeeway = ConfigurationKey(
        "gateway.jwt.leeway", type: "seconds", default: "30", summary: "clock skew allowed when checking exp and nbf")
}
