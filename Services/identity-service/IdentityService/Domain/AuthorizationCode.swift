import Foundation

/// What an authorization code stands for (RFC 6749 §4.1.2); stored by the code's SHA-256.
public struct AuthorizationCode: Sendable, Hashable {
    /// The SSO session the code belongs to.
    public var sessionID: UUID
    /// Internal id of the client it was issued to.
    public var clientID: UUID
    /// The `redirect_uri` of the authorization request (must be repeated at the token endpoint).
    public var redirectURI: String
    /// Granted scope.
    public var scope: String
    /// `nonce` for the ID token.
    public var nonce: String?
    /// PKCE `code_challenge`.
    public var codeChallenge: String?
    /// PKCE method (`S256`).
    public var codeChallengeMethod: String?
    /// Expiry.
    public var expiresAt: Date

    /// Creates a code record.
    public init(sessionID: UUID, clientID: UUID, redirectURI: String, scope: String, nonce: String?,
                codeChallenge: String?, codeChallengeMethod: String?, expiresAt: Date) {
        self.sessionID = sessionID
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.scope = scope
        self.nonce = nonce
        self.codeChallenge = codeChallenge
        self.codeChallengeMethod = codeChallengeMethod
        self.expiresAt = expiresAt
    }
}

/// The outcome of redeeming a code.
public enum CodeRedemption: Sendable, Hashable {
    /// First use: the code's record.
    case redeemed(AuthorizationCode)
    /// Used before (RFC 6749 §4.1.2: revoke what it produced).
    case reused(AuthorizationCode)
    /// Unknown code.
    case unknown
}
