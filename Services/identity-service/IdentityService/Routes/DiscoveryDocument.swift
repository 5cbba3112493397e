/// The OpenID Provider metadata (OpenID Connect Discovery 1.0 §3) for a realm.
enum DiscoveryDocument {
    /// Builds the metadata; every endpoint lives under the issuer, as in Keycloak.
    /// - Parameter issuer: The realm's issuer URL.
    /// - Returns: The JSON object.
    static func make(issuer: String) -> [String: Any] {
        let base = "\(issuer)/protocol/openid-connect"
        return [
            "issuer": issuer,
            "authorization_endpoint": "\(base)/auth",
            "token_endpoint": "\(base)/token",
            "introspection_endpoint": "\(base)/token/introspect",
            "userinfo_endpoint": "\(base)/userinfo",
            "end_session_endpoint": "\(base)/logout",
            "revocation_endpoint": "\(base)/revoke",
            "jwks_uri": "\(base)/certs",
            "grant_types_supported": ["authorization_code", "refresh_token", "password", "client_credentials"],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["none"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email", "roles", "web-origins", "acr", "basic"],
            "claims_supported": ["aud", "sub", "iss", "auth_time", "name", "given_name", "family_name", "preferred_username",
                                 "email", "email_verified", "acr", "azp", "sid", "nonce", "at_hash"],
            "claims_parameter_supported": false,
            "request_parameter_supported": false,
            "request_uri_parameter_supported": false,
            "require_request_uri_registration": false,
            "frontchannel_logout_supported": false,
            "backchannel_logout_supported": false,
        ]
    }
}
