import HTTPTypes

/// Decides the headers a request carries upstream (the proxy_set_header part of the gateway).
///
/// - Hop-by-hop fields and those named in `Connection` are removed (RFC 9110 §7.6.1).
/// - Identity fields a client could forge (`X-User`, `X-Forwarded-User`, …) are removed;
///   only the gateway sets them, after authentication.
/// - `X-Forwarded-For` is appended to when the peer is a trusted proxy, else replaced by the
///   peer's address; `X-Forwarded-Proto/Host` are kept from trusted proxies, else set from
///   this connection; `X-Forwarded-Prefix` names the prefix the route stripped; `X-Real-IP`
///   is the first untrusted address from the right; `X-Request-Id` is the request's id.
public struct ForwardingPolicy: Sendable {
    /// Peers whose forwarded headers are believed.
    public var trustedProxies: [IPAddressRange]
    /// Lower-cased names of identity headers only the gateway may set.
    public var identityHeaders: Set<String> {
        didSet { droppedShapes = Self.droppedShapes(identityHeaders: identityHeaders) }
    }
    /// The shapes of every name the policy may drop (``HeaderNameShapes``): most fields a
    /// client sends (`Authorization`, `Accept`, …) are then kept without being lower-cased
    /// and looked up in three sets.
    private var droppedShapes: HeaderNameShapes

    /// Identity headers stripped by default.
    public static let defaultIdentityHeaders: Set<String> = [
        "x-user", "x-user-id", "x-user-name", "x-user-roles", "x-user-email", "x-forwarded-user", "x-forwarded-email",
        "x-forwarded-groups", "x-forwarded-preferred-username", "x-forwarded-access-token", "x-remote-user", "remote-user",
        "x-auth-request-user", "x-auth-request-email", "x-auth-request-access-token", "x-userinfo", "x-access-token", "x-id-token",
    ]

    /// Forwarding headers that are dropped when the peer is not trusted.
    static let forwardingHeaders: Set<String> = [
        "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix",
        "x-real-ip", "x-request-id",
    ]

    /// Creates a policy.
    public init(trustedProxies: [IPAddressRange] = [], identityHeaders: Set<String> = Self.defaultIdentityHeaders) {
        self.trustedProxies = trustedProxies
        self.identityHeaders = identityHeaders
        droppedShapes = Self.droppedShapes(identityHeaders: identityHeaders)
    }

    private static func droppedShapes(identityHeaders: Set<String>) -> HeaderNameShapes {
        HeaderNameShapes(HopByHopHeaders.names.union(identityHeaders).union(forwardingHeaders).union(["host"]))
    }

    /// What the gateway knows about the request's origin.
    public struct Origin: Sendable {
        /// The TCP peer's address, e.g. `203.0.113.7`.
        public var peer: String?
        /// `http` or `https`, as this connection was.
        public var scheme: String
        /// The `Host` / `:authority` the client used.
        public var host: String?
        /// The request id.
        public var requestID: String?
        /// Creates an origin.
        public init(peer: String?, scheme: String, host: String?, requestID: String?) {
            self.peer = peer
            self.scheme = scheme
            self.host = host
            self.requestID = requestID
        }
    }

    /// Whether `address` is a trusted proxy.
    public func isTrusted(_ address: String?) -> Bool {
        guard let address else { return false }
        return trustedProxies.contains { $0.contains(address) }
    }

    /// The client's address: the peer, or — behind trusted proxies — the rightmost
    /// untrusted address of `X-Forwarded-For`.
    public func clientAddress(_ fields: HTTPFields, peer: String?) -> String? {
        clientAddress(peer: peer, trusted: isTrusted(peer), chain: Self.forwardedFor(fields))
    }

    private func clientAddress(peer: String?, trusted: Bool, chain: [String]) -> String? {
        guard trusted else { return peer }
        for address in chain.reversed() where !isTrusted(address) {
            return address
        }
        return chain.first ?? peer
    }

    /// The headers for the upstream request.
    /// - Parameters:
    ///   - fields: The client's header fields.
    ///   - origin: Facts about the connection.
    ///   - strippedPrefix: The public prefix the route removed (`/pacs`), or `nil`.
    /// - Returns: Fields to send upstream (without `Host`, which the client sets from the URL).
    public func upstreamFields(_ fields: HTTPFields, origin: Origin, strippedPrefix: String?) -> HTTPFields {
        var result = HTTPFields()
        result.reserveCapacity(fields.count + 6)
        upstreamFields(fields, origin: origin, strippedPrefix: strippedPrefix, into: &result)
        return result
    }

    /// Appends the headers for the upstream request to `result`; the client's `Host` is not
    /// among them (the caller names the replica's).
    func upstreamFields<Fields: HeaderFieldList>(
        _ fields: some HeaderFieldList, origin: Origin, strippedPrefix: String?, into result: inout Fields
    ) {
        let trusted = isTrusted(origin.peer)
        let named = HopByHopHeaders.connectionNamed(in: fields)
        fields.forEachField { rawName, value in
            if droppedShapes.mayContain(rawName) || named.contains(where: { HeaderNameShapes.sameShape(rawName, $0) }) {
                let name = HeaderName.lowercased(rawName)
                if HopByHopHeaders.isHopByHop(name, named: named) || identityHeaders.contains(name) || name == "host" { return }
                if Self.forwardingHeaders.contains(name) && (!trusted || name == "x-request-id" || name == "x-real-ip" || name == "x-forwarded-prefix") {
                    return
                }
            }
            result.append(name: rawName, value: value)
        }
        // The fields below are appended, not set: the loop above copied none of them, except
        // a trusted proxy's X-Forwarded-For (replaced by the chain), -Proto and -Host (kept).
        let received = trusted ? Self.forwardedFor(fields) : []
        var chain = received
        if let peer = origin.peer { chain.append(peer) }
        if !chain.isEmpty {
            if trusted { result[first: .xForwardedFor] = nil }
            result.append(.xForwardedFor, chain.joined(separator: ", "))
        }
        if !trusted || fields[first: .xForwardedProto] == nil { result.append(.xForwardedProto, origin.scheme) }
        if !trusted || fields[first: .xForwardedHost] == nil, let host = origin.host { result.append(.xForwardedHost, host) }
        if let client = clientAddress(peer: origin.peer, trusted: trusted, chain: received) { result.append(.xRealIP, client) }
        if let strippedPrefix, !strippedPrefix.isEmpty { result.append(.xForwardedPrefix, strippedPrefix) }
        if let requestID = origin.requestID { result.append(.xRequestIDField, requestID) }
    }

    /// The addresses of `X-Forwarded-For`, left to right.
    static func forwardedFor(_ fields: some HeaderFieldList) -> [String] {
        var addresses: [String] = []
        for value in fields.values(.xForwardedFor) {
            HeaderValueList.forEachElement(of: value) { address in
                if address.count <= 64 { addresses.append(String(decoding: address, as: UTF8.self)) }
            }
        }
        return Array(addresses.suffix(32))
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// `X-Forwarded-Proto`.
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    /// `X-Forwarded-Host`.
    static let xForwardedHost = HTTPField.Name("X-Forwarded-Host")!
    /// `X-Forwarded-Prefix`.
    static let xForwardedPrefix = HTTPField.Name("X-Forwarded-Prefix")!
    /// `X-Real-IP`.
    static let xRealIP = HTTPField.Name("X-Real-IP")!
    /// `X-Request-Id`, spelled as the gateway sends it.
    static let xRequestIDField = HTTPField.Name("X-Request-Id")!
    /// `X-User`: the authenticated user, set by the gateway only.
    static let xUser = HTTPField.Name("X-User")!
}
