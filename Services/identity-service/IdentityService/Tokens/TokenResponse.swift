import ServiceSupport

/// The token endpoint's success body (RFC 6749 §5.1) with Keycloak's extra fields.
public struct TokenResponse: Codable, Sendable, Hashable {
    /// The access token.
    public var accessToken: String
    /// Access-token lifetime in seconds.
    public var expiresIn: Int
    /// Refresh-token lifetime in seconds (0 without refresh token).
    public var refreshExpiresIn: Int
    /// The refresh token, when issued.
    public var refreshToken: String?
    /// `Bearer`.
    public var tokenType: String = "Bearer"
    /// The ID token, when `openid` was granted.
    public var idToken: String?
    /// Keycloak's `not-before-policy` (always 0).
    public var notBeforePolicy: Int = 0
    /// The SSO session id, when there is a session.
    public var sessionState: String?
    /// Granted scope.
    public var scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", expiresIn = "expires_in", refreshExpiresIn = "refresh_expires_in"
        case refreshToken = "refresh_token", tokenType = "token_type", idToken = "id_token"
        case notBeforePolicy = "not-before-policy", sessionState = "session_state", scope
    }

    /// Creates a response.
    public init(accessToken: String, expiresIn: Int, refreshExpiresIn: Int, refreshToken: String?, idToken: String?,
                sessionState: String?, scope: String) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshExpiresIn = refreshExpiresIn
        self.refreshToken = refreshToken
        self.idToken = idToken
        self.sessionState = sessionState
        self.scope = scope
    }

    /// The response as JSON (RFC 6749 §5.1 members; absent tokens omitted).
    func jsonBytes() -> [UInt8] {
        JSONWriter.object(capacity: 2048) { json in
            json.member("access_token", accessToken)
            json.member("expires_in", expiresIn)
            json.member("refresh_expires_in", refreshExpiresIn)
            json.member("refresh_token", refreshToken)
            json.member("token_type", tokenType)
            json.member("id_token", idToken)
            json.member("not-before-policy", notBeforePolicy)
            json.member("session_state", sessionState)
            json.member("scope", scope)
        }
    }
}
