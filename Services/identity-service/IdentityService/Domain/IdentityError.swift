import Foundation

/// identity-service's one error type. Codes carry the RFC 6749/7009/7662 `error` names;
/// `IdentityError+HTTP.swift` maps each to its HTTP status in one place.
public struct IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: String, Sendable, Hashable {
        /// RFC 6749 §5.2 `invalid_request`: malformed or missing parameter.
        case invalidRequest = "invalid_request"
        /// RFC 6749 §5.2 `invalid_client`: client authentication failed.
        case invalidClient = "invalid_client"
        /// RFC 6749 §5.2 `invalid_grant`: bad code, credentials or refresh token.
        case invalidGrant = "invalid_grant"
        /// `invalid_grant` for wrong user credentials, answered with 401 as Keycloak does
        /// (python-keycloak maps it to KeycloakAuthenticationError).
        case invalidUserCredentials = "invalid_user_credentials"
        /// RFC 6749 §5.2 `unauthorized_client`: the client may not use this grant.
        case unauthorizedClient = "unauthorized_client"
        /// RFC 6749 §5.2 `unsupported_grant_type`.
        case unsupportedGrantType = "unsupported_grant_type"
        /// RFC 6749 §5.2 `invalid_scope`.
        case invalidScope = "invalid_scope"
        /// RFC 6750 §3.1 `invalid_token`: missing, expired or revoked bearer token.
        case invalidToken = "invalid_token"
        /// RFC 7009 §2.2.1 `unsupported_token_type`.
        case unsupportedTokenType = "unsupported_token_type"
        /// Admin API: the caller lacks the role (403).
        case forbidden = "forbidden"
        /// Admin API or realm endpoints: unknown object (404).
        case notFound = "not_found"
        /// Admin API: a unique name is taken (409).
        case conflict = "conflict"
        /// The realm's `sslRequired` refuses this plain-HTTP request: `invalid_request`
        /// "HTTPS required", answered with 403 as Keycloak does.
        case httpsRequired = "https_required"
        /// Keycloak's `not_allowed` (400): e.g. offline tokens for a user without the `offline_access` role.
        case notAllowed = "not_allowed"
        /// Realm or policy rule broken, e.g. password policy (400), with Keycloak's message key.
        case policy = "policy"
    }

    /// The kind.
    public var code: Code
    /// Human-readable reason (Keycloak's wording where clients rely on it); never secrets.
    public var reason: String
    /// Keycloak's message key for `.policy` errors (e.g. `invalidPasswordMinLengthMessage`).
    public var messageKey: String?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, messageKey: String? = nil) {
        self.code = code
        self.reason = reason
        self.messageKey = messageKey
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
