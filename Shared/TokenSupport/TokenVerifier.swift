/// Something that turns a bearer token into a verified identity: local JWT verification
/// (``JWTVerifier``) or RFC 7662 introspection (``IntrospectionVerifier``).
public protocol TokenVerifier: Sendable {
    /// Verifies `token`.
    /// - Returns: What the token says about its bearer.
    /// - Throws: ``TokenError``: an invalid-token code, or `.issuerUnavailable`.
    func verify(_ token: BearerToken) async throws -> VerifiedToken
}
