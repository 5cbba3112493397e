import Foundation

/// Strict redirect-URI matching with Keycloak's rules: exact match, or a registered value
/// ending in `*` matches by prefix; relative registered values resolve against the
/// client's root URL. URIs with fragments, backslashes, `..` segments or user info never match.
public struct RedirectURIMatcher: Sendable {
    /// Longest redirect URI accepted.
    public static let maximumLength = 2048

    /// The client's registered redirect URIs, resolved.
    public let registered: [String]

    /// Creates a matcher.
    /// - Parameters:
    ///   - registered: The client's `redirectUris`.
    ///   - rootURL: The client's `rootUrl`, for relative values.
    public init(registered: [String], rootURL: String?) {
        let root = rootURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.registered = registered.compactMap { value in
            if value.hasPrefix("/") { return root.map { $0 + value } }
            return value
        }
    }

    /// Whether `uri` may receive a redirect.
    /// - Parameter uri: The `redirect_uri` (or `post_logout_redirect_uri`) parameter.
    /// - Returns: true only for a well-formed absolute URI that a registered value allows.
    public func allows(_ uri: String) -> Bool {
        guard Self.isWellFormed(uri) else { return false }
        return registered.contains { pattern in
            if pattern == "*" { return false }
            if pattern.hasSuffix("*") {
                let prefix = String(pattern.dropLast())
                guard !prefix.isEmpty, Self.schemeAndAuthority(prefix) != nil else { return false }
                return uri.hasPrefix(prefix) && Self.schemeAndAuthority(uri) == Self.schemeAndAuthority(prefix)
            }
            return uri == pattern
        }
    }

    /// Absolute http(s) or custom-scheme URI without fragment, user info, backslash or dot segments.
    static func isWellFormed(_ uri: String) -> Bool {
        guard uri.count <= maximumLength, !uri.contains("#"), !uri.contains("\\"),
              let components = URLComponents(string: uri), let scheme = components.scheme, !scheme.isEmpty,
              components.user == nil, components.password == nil
        else { return false }
        let segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: { $0 == ".." || $0 == "." || $0.lowercased().contains("%2e%2e") }) { return false }
        if ["http", "https"].contains(scheme.lowercased()), (components.host ?? "").isEmpty { return false }
        return true
    }

    /// `scheme://host:port` of a URI (nil when not parseable), to keep wildcards on the same origin.
    static func schemeAndAuthority(_ uri: String) -> String? {
        guard let components = URLComponents(string: uri), let scheme = components.scheme else { return nil }
        return "\(scheme.lowercased())://\((components.host ?? "").lowercased()):\(components.port.map(String.init) ?? "")"
    }

    /// The origins (`scheme://host[:port]`) of the registered URIs, for `+` in web origins.
    public var origins: [String] {
        registered.compactMap { value in
            let trimmed = value.hasSuffix("*") ? String(value.dropLast()) : value
            guard let components = URLComponents(string: trimmed), let scheme = components.scheme, let host = components.host else { return nil }
            return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
        }
    }
}
