/// Where an OpenID Provider is, as users see it and as services reach it.
///
/// Tokens name the public issuer (`${PUBLIC_URL}/auth/realms/ohif`), but services inside the
/// stack reach identity-service directly (`http://identity:8081/realms/ohif`), possibly on
/// several replicas. Every back-channel URL that starts with the public issuer is rewritten
/// onto each replica's base; front-channel URLs (the authorization endpoint) stay public.
public struct IssuerLocation: Sendable, Equatable {
    /// The issuer exactly as it appears in `iss` and in the discovery document.
    public var issuer: String
    /// Bases that replace `issuer` for back-channel calls, one per replica; empty means the
    /// issuer URL itself is reachable.
    public var backchannelBases: [String]

    /// Creates a location.
    /// - Parameters:
    ///   - issuer: The public issuer URL (no trailing slash).
    ///   - backchannelBases: Internal bases of the same realm, e.g. `http://127.0.0.1:8081/realms/ohif`.
    public init(issuer: String, backchannelBases: [String] = []) {
        self.issuer = Self.trimmed(issuer)
        self.backchannelBases = backchannelBases.map(Self.trimmed)
    }

    /// The discovery document's URLs, one per replica (OIDC Discovery §4).
    public var discoveryURLs: [String] {
        backchannelURLs(for: issuer + "/.well-known/openid-configuration")
    }

    /// The URLs at which a back-channel endpoint is reached, in replica order.
    /// - Parameter url: An endpoint URL as the discovery document gives it.
    /// - Returns: `url` rewritten onto each back-channel base, or `[url]` when it is not under the issuer.
    public func backchannelURLs(for url: String) -> [String] {
        guard !backchannelBases.isEmpty, url == issuer || url.hasPrefix(issuer + "/") else { return [url] }
        let rest = url.dropFirst(issuer.count)
        return backchannelBases.map { $0 + rest }
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
