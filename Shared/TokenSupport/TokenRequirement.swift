/// What a protected resource asks of a verified token beyond validity: an audience and
/// realm or client roles. A route of the gateway (or an endpoint of pacs-service) has one.
public struct TokenRequirement: Sendable, Equatable {
    /// When set, `aud` (or, failing that, `azp`) must name this value.
    public var audience: String?
    /// Realm roles the token must all carry.
    public var realmRoles: Set<String>
    /// Client roles the token must all carry, by client id.
    public var clientRoles: [String: Set<String>]

    /// Creates a requirement.
    public init(audience: String? = nil, realmRoles: Set<String> = [], clientRoles: [String: Set<String>] = [:]) {
        self.audience = audience
        self.realmRoles = realmRoles
        self.clientRoles = clientRoles
    }

    /// Any valid token.
    public static let any = TokenRequirement()

    /// Checks `token` against the requirement.
    /// - Throws: ``TokenError`` `.wrongAudience` (the token is not for us: 401) or
    ///   `.insufficientRole` (the bearer may not: 403).
    public func check(_ token: VerifiedToken) throws {
        if let audience, !token.audience.contains(audience), token.clientID != audience {
            throw TokenError(.wrongAudience, "token is not meant for this audience")
        }
        let missing = realmRoles.subtracting(token.realmRoles)
        guard missing.isEmpty else {
            throw TokenError(.insufficientRole, "missing realm role \(missing.sorted().joined(separator: ", "))")
        }
        for (client, roles) in clientRoles {
            let missingClient = roles.subtracting(token.clientRoles[client] ?? [])
            guard missingClient.isEmpty else {
                throw TokenError(.insufficientRole, "missing role \(missingClient.sorted().joined(separator: ", ")) of client \(client)")
            }
        }
    }
}
