/// Why a bearer token was not accepted, or why it could not be checked.
///
/// `description` never contains the token or its claims; it is safe to log and to send
/// back as an `error_description`.
public struct TokenError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No `Authorization: Bearer` credentials were sent (RFC 6750 §3.1: no error code).
        public static let missing = Code("missing")
        /// The header or the token is not well-formed (RFC 6750 §2.1, RFC 7519 §7.2).
        public static let malformed = Code("malformed")
        /// The signing algorithm is not allowed (`none`, HMAC, or not in the allowed list).
        public static let disallowedAlgorithm = Code("disallowed_algorithm")
        /// No key of the issuer's JWKS matches the token's `kid`, even after a refresh.
        public static let unknownKey = Code("unknown_key")
        /// The signature does not verify.
        public static let badSignature = Code("bad_signature")
        /// `exp` is in the past.
        public static let expired = Code("expired")
        /// `nbf` is in the future.
        public static let notYetValid = Code("not_yet_valid")
        /// `iss` is not the expected issuer.
        public static let wrongIssuer = Code("wrong_issuer")
        /// `aud` does not name the expected audience.
        public static let wrongAudience = Code("wrong_audience")
        /// Introspection says the token is not active (revoked, expired, unknown).
        public static let inactive = Code("inactive")
        /// The token is valid but lacks a role the resource needs (RFC 6750 §3.1 `insufficient_scope`).
        public static let insufficientRole = Code("insufficient_role")
        /// The issuer's keys or introspection endpoint could not be reached; the token may be fine.
        public static let issuerUnavailable = Code("issuer_unavailable")
    }

    /// What went wrong.
    public var code: Code
    /// Human-readable reason without secrets.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    /// Whether the client's credentials are at fault (401) rather than its rights (403) or
    /// the issuer's availability (503).
    public var isInvalidToken: Bool {
        code != .insufficientRole && code != .issuerUnavailable && code != .missing
    }
}
