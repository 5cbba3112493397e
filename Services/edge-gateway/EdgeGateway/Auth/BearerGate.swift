import HTTPTypes
import TokenSupport

/// The bearer check in front of `/pacs`: RFC 6750 credentials from the `Authorization`
/// header only (never from the query string), verified and matched against the route's
/// requirement.
public struct BearerGate: Sendable {
    /// How tokens are verified (JWT or introspection).
    public let verifier: any TokenVerifier

    /// Creates the gate.
    public init(verifier: any TokenVerifier) {
        self.verifier = verifier
    }

    /// Authenticates a request.
    /// - Parameters:
    ///   - fields: The request's header fields.
    ///   - requirement: What the route needs.
    /// - Returns: The verified identity.
    /// - Throws: ``GatewayError``: 401 (missing/invalid), 403 (missing role), 503 (provider down).
    public func authenticate(_ fields: HTTPFields, requirement: TokenRequirement) async throws -> VerifiedToken {
        let headers = fields[values: .authorization]
        guard headers.count <= 1 else {
            throw GatewayError(TokenError(.malformed, "more than one Authorization header"))
        }
        do {
            let token = try BearerToken(authorization: headers.first)
            let verified = try await verifier.verify(token)
            try requirement.check(verified)
            return verified
        } catch let error as TokenError {
            throw GatewayError(error)
        }
    }
}
