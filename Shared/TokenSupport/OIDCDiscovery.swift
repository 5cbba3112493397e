/// The parts of an OpenID Provider's discovery document (OpenID Connect Discovery 1.0 §3)
/// that relying parties here use.
public struct OIDCDiscovery: Codable, Sendable, Equatable {
    /// `issuer`: must equal the issuer the document was fetched for (§4.3).
    public var issuer: String
    /// `jwks_uri`.
    public var jwksURI: String
    /// `authorization_endpoint`.
    public var authorizationEndpoint: String?
    /// `token_endpoint`.
    public var tokenEndpoint: String?
    /// `introspection_endpoint` (RFC 8414 §2).
    public var introspectionEndpoint: String?
    /// `end_session_endpoint` (OIDC RP-Initiated Logout §2.1).
    public var endSessionEndpoint: String?
    /// `userinfo_endpoint`.
    public var userinfoEndpoint: String?
    /// `id_token_signing_alg_values_supported`.
    public var idTokenSigningAlgorithms: [String]?

    enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURI = "jwks_uri"
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case introspectionEndpoint = "introspection_endpoint"
        case endSessionEndpoint = "end_session_endpoint"
        case userinfoEndpoint = "userinfo_endpoint"
        case idTokenSigningAlgorithms = "id_token_signing_alg_values_supported"
    }

    /// Creates a document (tests and providers).
    public init(
        issuer: String, jwksURI: String, authorizationEndpoint: String? = nil, tokenEndpoint: String? = nil,
        introspectionEndpoint: String? = nil, endSessionEndpoint: String? = nil, userinfoEndpoint: String? = nil,
        idTokenSigningAlgorithms: [String]? = nil
    ) {
        self.issuer = issuer
        self.jwksURI = jwksURI
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.introspectionEndpoint = introspectionEndpoint
        self.endSessionEndpoint = endSessionEndpoint
        self.userinfoEndpoint = userinfoEndpoint
        self.idTokenSigningAlgorithms = idTokenSigningAlgorithms
    }
}
