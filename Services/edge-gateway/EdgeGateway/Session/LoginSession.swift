import Foundation

/// What a signed-in browser's sealed session cookie holds.
struct LoginSession: Codable, Sendable, Equatable {
    /// `sub` of the user.
    var subject: String
    /// `preferred_username`, when known.
    var username: String?
    /// The access token sent upstream as `Authorization: Bearer`.
    var accessToken: String
    /// When the access token expires (seconds since 1970).
    var accessExpiresAt: Double
    /// The refresh token, when the provider issued one.
    var refreshToken: String?
    /// The ID token, kept as `id_token_hint` for RP-initiated logout.
    var idToken: String?
    /// When the session was created; it ends `sessionLifetime` later whatever refreshes happen.
    var createdAt: Double
}

/// The state of a login in progress, sealed into a short-lived cookie between the redirect
/// to the provider and the callback (what lua-resty-openidc keeps in its session).
struct PendingLogin: Codable, Sendable, Equatable {
    /// `state` sent to the authorization endpoint (RFC 6749 §10.12).
    var state: String
    /// `nonce` expected in the ID token (OIDC Core §3.1.2.1).
    var nonce: String
    /// PKCE `code_verifier` (RFC 7636 §4.1).
    var codeVerifier: String
    /// Same-origin path and query to return to after login.
    var returnTo: String
    /// When the login started (seconds since 1970).
    var startedAt: Double
}
