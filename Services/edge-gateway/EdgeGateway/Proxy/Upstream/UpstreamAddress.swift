import Foundation
import NIOCore

/// Where one replica listens, parsed once from its base URL (`http://pacs-1:8042/base`).
struct UpstreamAddress: Sendable, Hashable {
    /// `true` for `https`.
    let tls: Bool
    /// Host name or address literal (IPv6 without brackets).
    let host: String
    /// TCP port.
    let port: Int
    /// Path prefix put before every request target (`""` or `/base`, no trailing slash).
    let basePath: String
    /// The `Host` header value (`host[:port]`, port only when not the scheme's default).
    let hostHeader: String
    /// The resolved address when `host` is a literal, so connecting needs no lookup.
    let literal: SocketAddress?
    /// The hash of the address's identity (below), worked out once: connection pools look
    /// addresses up several times per request, and hashing the strings and the socket address
    /// each time showed in profiles.
    private let fieldsHash: Int

    /// Why a base URL cannot be used.
    struct Invalid: Error, CustomStringConvertible {
        let url: String
        var description: String { "'\(url)' is not an http(s) base URL" }
    }

    /// Parses `baseURL`.
    /// - Throws: ``Invalid`` for anything but `http(s)://host[:port][/path]`.
    init(baseURL: String) throws {
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", var host = components.host, !host.isEmpty
        else { throw Invalid(url: baseURL) }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        tls = scheme == "https"
        let defaultPort = tls ? 443 : 80
        port = components.port ?? defaultPort
        self.host = host
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
        let bracketed = host.contains(":") ? "[\(host)]" : host
        hostHeader = port == defaultPort ? bracketed : "\(bracketed):\(port)"
        literal = try? SocketAddress(ipAddress: host, port: port)
        var hasher = Hasher()
        hasher.combine(tls)
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(basePath)
        fieldsHash = hasher.finalize()
    }

    // Identity is the scheme, host, port and base path: `hostHeader` and `literal` follow from them.

    func hash(into hasher: inout Hasher) {
        hasher.combine(fieldsHash)
    }

    static func == (lhs: UpstreamAddress, rhs: UpstreamAddress) -> Bool {
        lhs.fieldsHash == rhs.fieldsHash && lhs.tls == rhs.tls && lhs.port == rhs.port && lhs.host == rhs.host && lhs.basePath == rhs.basePath
    }
}
