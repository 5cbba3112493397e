import Foundation

/// An OAuth client (Keycloak's ClientRepresentation, the fields Tessera uses).
public struct Client: Sendable, Hashable {
    /// Internal id (Keycloak's client `id`, used in admin URLs).
    public var id: UUID
    /// The realm it belongs to.
    public var realmID: UUID
    /// The OAuth `client_id`.
    public var clientID: String
    /// Display name.
    public var name: String?
    /// Description.
    public var description: String?
    /// Disabled clients are refused everywhere.
    public var enabled: Bool = true
    /// Public clients have no secret and must use PKCE.
    public var publicClient: Bool = false
    /// Bearer-only clients never obtain tokens.
    public var bearerOnly: Bool = false
    /// Confidential clients' secret (plain text, as Keycloak keeps it: the admin API returns it).
    public var secret: String?
    /// Root URL that relative redirect URIs resolve against.
    public var rootURL: String?
    /// Base URL of the client application.
    public var baseURL: String?
    /// Registered redirect URIs (a trailing `*` is a prefix wildcard, as in Keycloak).
    public var redirectURIs: [String] = []
    /// CORS origins (`+` = the origins of the redirect URIs, `*` = any).
    public var webOrigins: [String] = []
    /// Authorization-code flow allowed.
    public var standardFlowEnabled: Bool = true
    /// Implicit flow allowed (never honoured by Tessera; kept for round-trips).
    public var implicitFlowEnabled: Bool = false
    /// Password grant allowed.
    public var directAccessGrantsEnabled: Bool = false
    /// client_credentials grant allowed (with a service-account user).
    public var serviceAccountsEnabled: Bool = false
    /// Tokens carry every role of the user, not only the client's scope.
    public var fullScopeAllowed: Bool = true
    /// Consent screen (kept for round-trips).
    public var consentRequired: Bool = false
    /// `openid-connect`.
    public var `protocol`: String = "openid-connect"
    /// Keycloak client attributes, e.g. `post.logout.redirect.uris`, `pkce.code.challenge.method`.
    public var attributes: [String: String] = [:]

    /// Creates a client.
    public init(id: UUID = UUID(), realmID: UUID, clientID: String) {
        self.id = id
        self.realmID = realmID
        self.clientID = clientID
    }

    /// Whether a secret must authenticate the client at the token endpoint.
    public var isConfidential: Bool { !publicClient && !bearerOnly }

    /// The PKCE method the client demands (`pkce.code.challenge.method`), `S256` for public clients.
    public var requiredPKCEMethod: String? {
        if let method = attributes["pkce.code.challenge.method"], !method.isEmpty { return method }
        return publicClient ? "S256" : nil
    }

    /// Registered post-logout redirect URIs: attribute `post.logout.redirect.uris` split on
    /// `##`; `+` stands for the redirect URIs.
    public var postLogoutRedirectURIs: [String] {
        guard let raw = attributes["post.logout.redirect.uris"], !raw.isEmpty else { return [] }
        return raw.components(separatedBy: "##").flatMap { $0 == "+" ? redirectURIs : [$0] }
    }
}
