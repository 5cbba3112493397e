/// Turns an `Authorization` header into a verified principal. The seam between routes and
/// the token machinery (TokenSupport's JWT verifier in production, stubs in tests).
public protocol BearerAuthenticating: Sendable {
    /// Verifies the bearer credentials.
    /// - Parameter authorization: The `Authorization` header, nil when absent.
    /// - Returns: Who the bearer is.
    /// - Throws: ``AuthenticationError``.
    func authenticate(authorization: String?) async throws -> Principal
}

/// A verified bearer.
public struct Principal: Sendable, Hashable {
    /// `sub`.
    public var subject: String
    /// Realm roles.
    public var roles: Set<String>
    /// `preferred_username`, when the token carries one (for display only).
    public var username: String?

    /// Creates a principal.
    public init(subject: String, roles: Set<String>, username: String? = nil) {
        self.subject = subject
        self.roles = roles
        self.username = username
    }
}

/// Why a request was not authenticated (mapped to HTTP in ``AuthorizationMiddleware``).
public struct AuthenticationError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable {
        /// No bearer credentials: 401 without an error code (RFC 6750 §3.1).
        case missing
        /// Malformed, expired, wrongly signed …: 401 `invalid_token`.
        case invalidToken
        /// The issuer's keys cannot be fetched: 503.
        case unavailable
    }

    /// The kind.
    public var kind: Kind
    /// A reason without the token or its claims.
    public var reason: String

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }
}
