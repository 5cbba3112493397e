import Foundation

/// A validated authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1, RFC 7636 §4.3).
public struct AuthorizationRequest: Sendable, Hashable {
    /// The client.
    public var client: Client
    /// The registered redirect URI the answer goes to.
    public var redirectURI: String
    /// Granted scope.
    public var scope: String
    /// Opaque client state, echoed back.
    public var state: String?
    /// ID-token nonce.
    public var nonce: String?
    /// PKCE challenge (S256 only).
    public var codeChallenge: String?
    /// `S256` when a challenge is present.
    public var codeChallengeMethod: String?
    /// `prompt` values (`none`, `login`, …).
    public var prompt: Set<String>
    /// `max_age` in seconds.
    public var maxAge: Int?
    /// `login_hint`: prefills the username.
    public var loginHint: String?
    /// How the answer is delivered.
    public var responseMode: ResponseMode
}

/// OAuth 2.0 response modes.
public enum ResponseMode: String, Sendable, Hashable {
    /// Parameters in the redirect URI's query (the default for `code`).
    case query
    /// Parameters in the redirect URI's fragment.
    case fragment
    /// An HTML form POSTed to the redirect URI (OAuth 2.0 Form Post Response Mode).
    case formPost = "form_post"
}

/// Where an authorization answer goes: a registered redirect URI with parameters.
public struct AuthorizationAnswer: Sendable, Hashable {
    /// The redirect URI.
    public var redirectURI: String
    /// The mode.
    public var mode: ResponseMode
    /// The parameters (`code`, `state`, … or `error`, `error_description`, `state`).
    public var parameters: [(String, String)]

    /// Creates an answer.
    public init(redirectURI: String, mode: ResponseMode, parameters: [(String, String)]) {
        self.redirectURI = redirectURI
        self.mode = mode
        self.parameters = parameters
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.redirectURI == rhs.redirectURI && lhs.mode == rhs.mode && lhs.parameters.elementsEqual(rhs.parameters, by: ==)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(redirectURI)
        hasher.combine(mode)
        for (name, value) in parameters { hasher.combine(name); hasher.combine(value) }
    }

    /// The URL for query and fragment modes.
    public var location: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        switch mode {
        case .fragment: return "\(redirectURI)#\(encoded)"
        case .query, .formPost: return redirectURI + (redirectURI.contains("?") ? "&" : "?") + encoded
        }
    }
}
