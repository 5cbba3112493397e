import TokenSupport

/// One entry of the routing table: which paths it owns, where they go and what they need.
public struct GatewayRoute: Sendable, Equatable {
    /// Where a route's requests are answered.
    public enum Target: String, Sendable, Equatable {
        /// identity-service replicas.
        case identity
        /// pacs-service replicas.
        case pacs
        /// The viewer's static files, served by the gateway itself.
        case viewer
    }

    /// What a request needs before it is forwarded.
    public enum Access: Sendable, Equatable {
        /// Nothing: public pass-through.
        case open
        /// A valid bearer token meeting the requirement (RFC 6750).
        case bearer(TokenRequirement)
        /// A login session (browser code flow); the session's token must meet the requirement.
        case session(TokenRequirement)
    }

    /// Short name for logs and metrics, e.g. `pacs`.
    public var name: String
    /// The decoded path segments the route owns (`["pacs"]` owns `/pacs` and `/pacs/…`).
    public var prefix: [String]
    /// Where requests go.
    public var target: Target
    /// Segments that replace `prefix` on the way upstream: `prefix` itself keeps it,
    /// `[]` strips it, `["admin"]` maps `/pacs-admin/x` to `/admin/x`.
    public var upstreamPrefix: [String]
    /// What a request needs.
    public var access: Access
    /// Largest request body accepted (413 above), `nil` for no limit.
    public var maximumBodySize: Int64?
    /// Cross-origin access decided at the gateway; `nil` leaves CORS to the upstream.
    public var cors: CORSPolicy?

    /// Creates a route.
    public init(
        name: String, prefix: [String], target: Target, upstreamPrefix: [String], access: Access, maximumBodySize: Int64?, cors: CORSPolicy? = nil
    ) {
        self.name = name
        self.prefix = prefix
        self.target = target
        self.upstreamPrefix = upstreamPrefix
        self.access = access
        self.maximumBodySize = maximumBodySize
        self.cors = cors
    }

    /// The public prefix as a path, e.g. `/pacs` (`""` for the root route).
    public var publicPrefix: String {
        prefix.isEmpty ? "" : "/" + prefix.joined(separator: "/")
    }

    /// The path the upstream sees for `path` (which this route matched).
    public func upstreamPath(for path: NormalizedPath) -> NormalizedPath {
        let rest = Array(path.segments.dropFirst(prefix.count))
        let segments = upstreamPrefix + rest
        return NormalizedPath(segments: segments, hasTrailingSlash: path.hasTrailingSlash, query: path.query)
    }
}

extension GatewayRoute {
    /// The public prefix the upstream does not see (`/pacs`), for `X-Forwarded-Prefix`;
    /// `nil` when the route forwards its prefix unchanged.
    public var strippedPrefix: String? {
        upstreamPrefix != prefix ? publicPrefix : nil
    }

    /// The `http.route` label of the route's request metrics: its public prefix, `/` for the root.
    public var metricsLabel: String {
        prefix.isEmpty ? "/" : publicPrefix
    }
}
