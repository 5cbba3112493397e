import Foundation

/// Something that turns a bearer token into a verified identity: local JWT verification
/// (``JWTVerifier``) or RFC 7662 introspection (``IntrospectionVerifier``).
public protocol TokenVerifier: Sendable {
    /// Verifies `token`.
    /// - Returns: What the token says about its bearer.
    /// - Throws: ``TokenError``: an invalid-token code, or `.issuerUnavailable`.
    func verify(_ token: BearerToken) async throws -> VerifiedToken

    /// The identity a previous ``verify(_:)`` of `token` established, while that answer is
    /// still valid at `now`; `nil` when `token` would need verifying (unknown, expired,
    /// refused). Never suspends, so event-loop code can ask it.
    func cachedVerification(_ token: BearerToken, now: Date) -> CachedVerification?
}

extension TokenVerifier {
    /// No cache: every token needs ``verify(_:)``.
    public func cachedVerification(_ token: BearerToken, now: Date) -> CachedVerification? { nil }
}

/// A verification a ``TokenVerifier`` remembers.
public struct CachedVerification: Sendable {
    /// Who the token stands for.
    public var identity: VerifiedToken
    /// Until when the verifier would give the same answer without asking again (the token's
    /// expiry plus leeway, or — introspection — the end of the answer's cache lifetime).
    public var validUntil: Date
}
