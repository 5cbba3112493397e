import Foundation
import ServiceSupport
import TokenSupport

/// edge-gateway's configuration.
///
/// Keys: the shared server keys (`HTTP_HOST`, `HTTP_PORT` = 8080, `PUBLIC_URL`, `LOG_LEVEL`,
/// `LOG_FORMAT`, `SHUTDOWN_TIMEOUT`) and:
/// - `GATEWAY_IDENTITY_URLS` urls, `http://127.0.0.1:8081` — identity-service replicas.
/// - `GATEWAY_PACS_URLS` urls, `http://127.0.0.1:8042` — pacs-service replicas.
/// - `GATEWAY_REALM` string, `ohif` — realm whose tokens open `/pacs` and `/pacs-admin`.
/// - `GATEWAY_AUTH_MODE` `jwt`|`introspection`, `jwt` — how bearer tokens are checked.
/// - `GATEWAY_CLIENT_ID` string, `pacs` — the gateway's confidential client (introspection, login).
/// - `PACS_CLIENT_SECRET` secret — that client's secret; required for introspection mode.
/// - `GATEWAY_INTROSPECTION_CACHE_TTL` seconds, `30` — longest reuse of an introspection answer.
/// - `GATEWAY_JWT_ALGORITHMS` list, `RS256,…,ES512` — accepted signing algorithms (asymmetric only).
/// - `GATEWAY_JWT_LEEWAY` seconds, `30` — clock skew allowed when checking `exp` and `nbf`.
/// - `GATEWAY_JWKS_REFRESH_INTERVAL` seconds, `10` — least time between JWKS refreshes for unknown `kid`s.
/// - `GATEWAY_PACS_REQUIRED_ROLES` list, empty — realm roles every `/pacs` request needs.
/// - `GATEWAY_PACS_AUDIENCE` string, unset — audience `/pacs` tokens must name.
/// - `GATEWAY_PACS_MAX_BODY` bytes (k/m/g suffix), `8g` — largest `/pacs` request body.
/// - `GATEWAY_AUTH_MAX_BODY` bytes, `1m` — largest `/auth` request body.
/// - `GATEWAY_ADMIN_MAX_BODY` bytes, `64m` — largest `/pacs-admin` request body.
/// - `GATEWAY_IDENTITY_PREFIX`, `GATEWAY_PACS_PREFIX`, `GATEWAY_PACS_ADMIN_PREFIX` paths,
///   `/auth`, `/pacs`, `/pacs-admin` — public prefixes of the routes.
/// - `GATEWAY_PACS_ADMIN_UPSTREAM_PATH` path, `/admin` — where pacs-service serves its admin UI.
/// - `GATEWAY_IDENTITY_STRIP_PREFIX` bool, `false` — strip `/auth` before identity-service.
/// - `GATEWAY_TRUSTED_PROXIES` CIDR list, empty — peers whose X-Forwarded-* headers are kept.
/// - `GATEWAY_CONNECT_TIMEOUT`, `GATEWAY_FIRST_BYTE_TIMEOUT`, `GATEWAY_IDLE_TIMEOUT`,
///   `GATEWAY_UPLOAD_TIMEOUT` seconds, `5`, `60`, `60`, `3600` — upstream timeouts.
/// - `GATEWAY_HEALTH_CHECK_INTERVAL` seconds, `2` (0 disables) — active `/readyz` probes.
/// - `GATEWAY_MAX_FAILS` int, `1`; `GATEWAY_FAIL_TIMEOUT` seconds, `10` — passive failure detection.
/// - `GATEWAY_VIEWER_ROOT` path, unset — the OHIF build to serve (a landing page when unset).
/// - `GATEWAY_VIEWER_ASSET_PREFIXES` list, empty — base paths the viewer build was made for (`/ohif`).
/// - `GATEWAY_VIEWER_CLIENT_ID` string, `ohif-viewer` — OHIF's client in the generated `app-config.js`.
/// - `GATEWAY_SESSION_SECRET` secret list, random per process — keys sealing `/pacs-admin` session
///   cookies (≥ 32 characters each, newest first; set it when running several replicas).
/// - `GATEWAY_SESSION_LIFETIME` seconds, `28800` — longest life of a login session.
/// - `GATEWAY_LOGIN_RATE` per second, `5` (0 disables); `GATEWAY_LOGIN_BURST` int, `20` — per-client
///   limit on `/auth/realms/*/protocol/openid-connect/{auth,token}` and login form posts (429 above).
/// - `GATEWAY_TLS_CERT_FILE`, `GATEWAY_TLS_KEY_FILE` paths, unset — serve HTTPS (HTTP/2 and HTTP/1.1) with this PEM pair.
/// - `GATEWAY_HTTP_REDIRECT_PORT` int, unset — with TLS, a plain-HTTP port answering 308 to `PUBLIC_URL`.
/// - `GATEWAY_CLIENT_IDLE_TIMEOUT` seconds, `75` — client connections silent this long are closed.
/// - `GATEWAY_MAX_HEADER_SIZE` bytes, `32k` — largest request header block from clients.
/// - `GATEWAY_BALANCING` `round-robin`|`least-connections`, `round-robin` — replica choice.
/// - `GATEWAY_DNS_REFRESH_INTERVAL` seconds, `10` (0 disables) — upstream host names become one
///   replica per address they resolve to, re-resolved at this interval.
/// - `GATEWAY_GZIP_LEVEL` int 0–9, `5` (0 disables); `GATEWAY_GZIP_MIN_LENGTH` bytes, `1k` — gzip
///   of compressible answers.
/// - `GATEWAY_AUTH_CORS_ORIGINS`, `GATEWAY_PACS_CORS_ORIGINS`, `GATEWAY_VIEWER_CORS_ORIGINS` lists,
///   unset — per-route CORS answered by the gateway (`*` for any origin); unset routes pass CORS through.
public struct GatewayConfiguration: Sendable {
    /// Listening and logging.
    public var server: ServerSettings
    /// identity-service replicas (base URLs without trailing slash).
    public var identityURLs: [String]
    /// pacs-service replicas (base URLs without trailing slash).
    public var pacsURLs: [String]
    /// The realm guarding the archive.
    public var realm: String
    /// Token checking.
    public var authMode: AuthMode
    /// The gateway's confidential client id.
    public var clientID: String
    /// Its secret (never logged).
    public var clientSecret: String?
    /// Introspection cache TTL, seconds.
    public var introspectionCacheTTL: Int
    /// Accepted JWT algorithms.
    public var algorithms: Set<SigningAlgorithm>
    /// Clock skew allowed on `exp`/`nbf`, seconds.
    public var jwtLeeway: Int
    /// Least time between unknown-kid JWKS refreshes.
    public var jwksRefreshInterval: Duration
    /// What `/pacs` needs of a token.
    public var pacsRequirement: TokenRequirement
    /// Body limits.
    public var pacsMaximumBody: Int64, identityMaximumBody: Int64, adminMaximumBody: Int64
    /// Public route prefixes.
    public var identityPrefix: String, pacsPrefix: String, adminPrefix: String
    /// Where pacs-service serves its admin UI.
    public var adminUpstreamPath: String
    /// Whether `/auth` is stripped before identity-service (kept by default, so issuer URLs stay right).
    public var identityStripsPrefix: Bool
    /// Peers whose forwarded headers are believed.
    public var trustedProxies: [IPAddressRange]
    /// Upstream timeouts.
    public var timeouts: ProxyTimeouts
    /// Active health check interval; `nil` disables.
    public var healthCheckInterval: Duration?
    /// Passive failure detection.
    public var maximumFailures: Int, failTimeout: Duration
    /// The viewer's directory.
    public var viewerRoot: String?
    /// Base paths the viewer build was made for.
    public var viewerAssetPrefixes: [String]
    /// OHIF's client id.
    public var viewerClientID: String
    /// Secrets sealing session cookies, newest first; empty means a random per-process key.
    public var sessionSecrets: [String]
    /// Longest life of a login session.
    public var sessionLifetime: Int
    /// Sustained login/token requests per second per client; 0 disables the limit.
    public var loginRate: Double
    /// Login/token requests a client may make at once.
    public var loginBurst: Int
    /// The TLS listener, or `nil` for plain HTTP.
    public var tls: TLSSettings?
    /// Client connections silent this long are closed (slow or idle clients).
    public var clientIdleTimeout: Duration
    /// Largest request header block (and single field) accepted from clients.
    public var maximumHeaderSize: Int
    /// Replica choice.
    public var balancing: UpstreamPool.Balancing
    /// Upstream host names are re-resolved at this interval; `nil` leaves them to the HTTP client.
    public var dnsRefreshInterval: Duration?
    /// gzip level; 0 disables compression.
    public var gzipLevel: Int
    /// Smallest declared length that is compressed.
    public var gzipMinimumLength: Int
    /// Per-route CORS, by route name (`auth`, `pacs`, `viewer`).
    public var cors: [String: CORSPolicy]

    /// How `/pacs` bearer tokens are checked.
    public enum AuthMode: String, Sendable {
        /// Local signature verification against the realm's JWKS.
        case jwt
        /// RFC 7662 introspection at identity-service.
        case introspection
    }

    /// The public issuer of ``realm``: `${PUBLIC_URL}${identityPrefix}/realms/<realm>`.
    public var issuer: String { server.publicURL + identityPrefix + "/realms/" + realm }

    /// Every key the gateway reads beyond the shared server keys.
    public static let keys: [ConfigurationKey] = [
        .gatewayIdentityURLs, .gatewayPACSURLs, .gatewayRealm, .gatewayAuthMode, .gatewayClientID, .pacsClientSecret,
        .gatewayIntrospectionCacheTTL, .gatewayJWTAlgorithms, .gatewayJWKSRefreshInterval, .gatewayPACSRequiredRoles,
        .gatewayPACSAudience, .gatewayPACSMaxBody, .gatewayAuthMaxBody, .gatewayAdminMaxBody, .gatewayIdentityPrefix,
        .gatewayPACSPrefix, .gatewayPACSAdminPrefix, .gatewayPACSAdminUpstreamPath, .gatewayIdentityStripPrefix, .gatewayTrustedProxies,
        .gatewayConnectTimeout, .gatewayFirstByteTimeout, .gatewayIdleTimeout, .gatewayUploadTimeout,
        .gatewayHealthCheckInterval, .gatewayMaxFails, .gatewayFailTimeout, .gatewayViewerRoot, .gatewayViewerAssetPrefixes,
        .gatewayViewerClientID, .gatewaySessionSecret, .gatewaySessionLifetime, .gatewayLoginRate, .gatewayLoginBurst,
        .gatewayTLSCertFile, .gatewayTLSKeyFile, .gatewayHTTPRedirectPort, .gatewayClientIdleTimeout, .gatewayMaxHeaderSize,
        .gatewayBalancing, .gatewayDNSRefreshInterval, .gatewayGzipLevel, .gatewayGzipMinLength, .gatewayAuthCORSOrigins,
        .gatewayPACSCORSOrigins, .gatewayViewerCORSOrigins, .gatewayJWTLeeway,
    ]

    /// Reads and validates the configuration.
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public init(config: ConfigValues, server: ServerSettings) throws {
        self.server = server
        identityURLs = try Self.urlList(config, .gatewayIdentityURLs, default: "http://127.0.0.1:8081")
        pacsURLs = try Self.urlList(config, .gatewayPACSURLs, default: "http://127.0.0.1:8042")
        realm = try Self.word(config, .gatewayRealm, default: "ohif")
        authMode = AuthMode(rawValue: try config.choice(.gatewayAuthMode, default: "jwt", allowed: ["jwt", "introspection"])) ?? .jwt
        clientID = try Self.word(config, .gatewayClientID, default: "pacs")
        clientSecret = config.secret(.pacsClientSecret)
        if authMode == .introspection, clientSecret == nil {
            throw ConfigurationError(.missing, key: ConfigurationKey.pacsClientSecret.name, reason: "is required when GATEWAY_AUTH_MODE=introspection")
        }
        introspectionCacheTTL = try config.int(.gatewayIntrospectionCacheTTL, default: 30, range: 0...3600)
        algorithms = try Self.algorithms(config)
        jwtLeeway = try config.int(.gatewayJWTLeeway, default: 30, range: 0...600)
        jwksRefreshInterval = .seconds(try config.int(.gatewayJWKSRefreshInterval, default: 10, range: 0...3600))
        pacsRequirement = TokenRequirement(audience: config.string(.gatewayPACSAudience), realmRoles: Set(Self.list(config, .gatewayPACSRequiredRoles)))
        pacsMaximumBody = try Self.size(config, .gatewayPACSMaxBody, default: "8g")
        identityMaximumBody = try Self.size(config, .gatewayAuthMaxBody, default: "1m")
        adminMaximumBody = try Self.size(config, .gatewayAdminMaxBody, default: "64m")
        identityPrefix = try Self.prefix(config, .gatewayIdentityPrefix, default: "/auth")
        pacsPrefix = try Self.prefix(config, .gatewayPACSPrefix, default: "/pacs")
        adminPrefix = try Self.prefix(config, .gatewayPACSAdminPrefix, default: "/pacs-admin")
        adminUpstreamPath = try Self.prefix(config, .gatewayPACSAdminUpstreamPath, default: "/admin")
        identityStripsPrefix = try config.bool(.gatewayIdentityStripPrefix, default: false)
        trustedProxies = try Self.list(config, .gatewayTrustedProxies).map { item in
            guard let range = IPAddressRange(item) else {
                throw ConfigurationError(.invalid, key: ConfigurationKey.gatewayTrustedProxies.name, reason: "'\(item)' is not an IP address or CIDR range")
            }
            return range
        }
        timeouts = ProxyTimeouts(
            connect: .seconds(try config.int(.gatewayConnectTimeout, default: 5, range: 1...300)),
            firstByte: .seconds(try config.int(.gatewayFirstByteTimeout, default: 60, range: 1...3600)),
            idle: .seconds(try config.int(.gatewayIdleTimeout, default: 60, range: 1...3600)),
            upload: .seconds(try config.int(.gatewayUploadTimeout, default: 3600, range: 1...86400)))
        let interval = try config.int(.gatewayHealthCheckInterval, default: 2, range: 0...3600)
        healthCheckInterval = interval == 0 ? nil : .seconds(interval)
        maximumFailures = try config.int(.gatewayMaxFails, default: 1, range: 1...100)
        failTimeout = .seconds(try config.int(.gatewayFailTimeout, default: 10, range: 1...3600))
        viewerRoot = config.string(.gatewayViewerRoot)
        if let viewerRoot {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: viewerRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigurationError(.invalid, key: ConfigurationKey.gatewayViewerRoot.name, reason: "is not a directory")
            }
        }
        viewerAssetPrefixes = try Self.list(config, .gatewayViewerAssetPrefixes).map { item in
            guard item.hasPrefix("/") else {
                throw ConfigurationError(.invalid, key: ConfigurationKey.gatewayViewerAssetPrefixes.name, reason: "each prefix must start with /")
            }
            return item
        }
        viewerClientID = try Self.word(config, .gatewayViewerClientID, default: "ohif-viewer")
        sessionSecrets = (config.secret(.gatewaySessionSecret) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard sessionSecrets.allSatisfy({ $0.utf8.count >= 32 }) else {
            throw ConfigurationError(.invalid, key: ConfigurationKey.gatewaySessionSecret.name, reason: "each secret must be at least 32 characters")
        }
        sessionLifetime = try config.int(.gatewaySessionLifetime, default: 28800, range: 60...(30 * 86400))
        loginRate = try Self.rate(config, .gatewayLoginRate, default: 5)
        loginBurst = try config.int(.gatewayLoginBurst, default: 20, range: 1...100_000)
        tls = try Self.tls(config)
        clientIdleTimeout = .seconds(try config.int(.gatewayClientIdleTimeout, default: 75, range: 1...3600))
        maximumHeaderSize = Int(try Self.size(config, .gatewayMaxHeaderSize, default: "32k"))
        guard (1024...(1 << 20)).contains(maximumHeaderSize) else {
            throw ConfigurationError(.invalid, key: ConfigurationKey.gatewayMaxHeaderSize.name, reason: "must be between 1k and 1m")
        }
        balancing = UpstreamPool.Balancing(
            rawValue: try config.choice(.gatewayBalancing, default: "round-robin", allowed: ["round-robin", "least-connections"])) ?? .roundRobin
        let dnsInterval = try config.int(.gatewayDNSRefreshInterval, default: 10, range: 0...86400)
        dnsRefreshInterval = dnsInterval == 0 ? nil : .seconds(dnsInterval)
        gzipLevel = try config.int(.gatewayGzipLevel, default: 5, range: 0...9)
        gzipMinimumLength = Int(try Self.size(config, .gatewayGzipMinLength, default: "1k"))
        cors = try Self.corsPolicies(config)
        let prefixes = [identityPrefix, pacsPrefix, adminPrefix]
        guard Set(prefixes).count == prefixes.count, !prefixes.contains("/") else {
            throw ConfigurationError(.invalid, key: ConfigurationKey.gatewayPACSPrefix.name, reason: "route prefixes must differ and not be /")
        }
    }
}

extension GatewayConfiguration {
    /// A non-negative rate in requests per second; fractions allowed (`0.5` = one every two seconds).
    static func rate(_ config: ConfigValues, _ key: ConfigurationKey, default defaultValue: Double) throws -> Double {
        guard let text = config.string(key) else {
            return Double(try config.int(key, default: Int(defaultValue), range: 0...100_000))
        }
        guard let rate = Double(text.trimmingCharacters(in: .whitespaces)), rate.isFinite, (0...100_000).contains(rate) else {
            throw ConfigurationError(.invalid, key: key.name, reason: "must be a number of requests per second between 0 and 100000")
        }
        return rate
    }
}
