import TokenSupport

/// ``BearerAuthenticating`` over TokenSupport's verifier: the issuer's JWKS fetched and
/// cached (refreshed on an unknown `kid`), `iss`, `exp`, `nbf` and the allowed asymmetric
/// algorithms checked.
struct TokenSupportAuthenticator: BearerAuthenticating {
    /// The verifier.
    let verifier: any TokenVerifier

    func authenticate(authorization: String?) async throws -> Principal {
        do {
            let token = try BearerToken(authorization: authorization)
            let verified = try await verifier.verify(token)
            return Principal(subject: verified.subject, roles: verified.realmRoles, username: verified.username)
        } catch let error as TokenError {
            switch error.code {
            case .missing: throw AuthenticationError(.missing, "a bearer token is required")
            case .issuerUnavailable: throw AuthenticationError(.unavailable, error.reason)
            default: throw AuthenticationError(.invalidToken, error.reason)
            }
        }
    }
}
