import TokenSupport

/// Why the gateway answered a request itself instead of forwarding it.
///
/// `reason` never carries tokens, cookies or query strings. Each code maps to one HTTP
/// status in ``GatewayError/response(from:context:)`` (GatewayError+HTTP.swift).
public struct GatewayError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The request is malformed (bad path, ambiguous framing): 400.
        case badRequest = "invalid_request"
        /// Bearer credentials missing or invalid: 401 with `WWW-Authenticate`.
        case invalidToken = "invalid_token"
        /// Valid credentials without the needed role: 403.
        case insufficientRole = "insufficient_scope"
        /// Nothing here: 404.
        case notFound = "not_found"
        /// Method not allowed on static files: 405.
        case methodNotAllowed = "method_not_allowed"
        /// Request body above the route's limit: 413.
        case payloadTooLarge = "payload_too_large"
        /// Too many requests from one client: 429.
        case rateLimited = "rate_limited"
        /// An upstream replica failed or answered garbage: 502.
        case badGateway = "bad_gateway"
        /// No replica is available, or the identity provider is unreachable: 503.
        case unavailable = "unavailable"
        /// An upstream did not answer in time: 504.
        case timeout = "gateway_timeout"
    }

    /// What went wrong.
    public var code: Code
    /// Human-readable reason.
    public var reason: String
    /// The RFC 6750 error code for `WWW-Authenticate` (`invalid_token`, `insufficient_scope`), or `nil` for none.
    public var bearerError: String?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, bearerError: String? = nil) {
        self.code = code
        self.reason = reason
        self.bearerError = bearerError
    }

    public var description: String { "\(code.rawValue): \(reason)" }

    /// Maps a token failure: missing → 401 without error code (RFC 6750 §3.1), invalid → 401
    /// `invalid_token`, missing role → 403 `insufficient_scope`, provider down → 503.
    public init(_ error: TokenError) {
        switch error.code {
        case .missing: self.init(.invalidToken, "bearer token required", bearerError: nil)
        case .insufficientRole: self.init(.insufficientRole, error.reason, bearerError: "insufficient_scope")
        case .issuerUnavailable: self.init(.unavailable, "identity provider unavailable")
        default: self.init(.invalidToken, error.reason, bearerError: "invalid_token")
        }
    }
}
