import Foundation

/// Keycloak's ClientRepresentation (the fields Tessera keeps).
public struct ClientRepresentation: Codable, Sendable, Hashable {
    public var id: String?
    public var clientId: String?
    public var name: String?
    public var description: String?
    public var enabled: Bool?
    public var publicClient: Bool?
    public var bearerOnly: Bool?
    public var secret: String?
    public var clientAuthenticatorType: String?
    public var rootUrl: String?
    public var baseUrl: String?
    public var redirectUris: [String]?
    public var webOrigins: [String]?
    public var standardFlowEnabled: Bool?
    public var implicitFlowEnabled: Bool?
    public var directAccessGrantsEnabled: Bool?
    public var serviceAccountsEnabled: Bool?
    public var fullScopeAllowed: Bool?
    public var consentRequired: Bool?
    public var `protocol`: String?
    public var attributes: [String: String]?

    /// An empty representation.
    public init() {}

    /// The representation of a stored client (the secret only when `includeSecret`).
    public init(_ client: Client, includeSecret: Bool) {
        id = client.id.uuidString.lowercased()
        clientId = client.clientID
        name = client.name
        description = client.description
        enabled = client.enabled
        publicClient = client.publicClient
        bearerOnly = client.bearerOnly
        secret = includeSecret && client.isConfidential ? client.secret : nil
        clientAuthenticatorType = "client-secret"
        rootUrl = client.rootURL
        baseUrl = client.baseURL
        redirectUris = client.redirectURIs
        webOrigins = client.webOrigins
        standardFlowEnabled = client.standardFlowEnabled
        implicitFlowEnabled = client.implicitFlowEnabled
        directAccessGrantsEnabled = client.directAccessGrantsEnabled
        serviceAccountsEnabled = client.serviceAccountsEnabled
        fullScopeAllowed = client.fullScopeAllowed
        consentRequired = client.consentRequired
        `protocol` = client.protocol
        attributes = client.attributes
    }

    /// Applies the present fields to a client (absent fields stay unchanged).
    /// - Throws: ``IdentityError`` `.invalidRequest` for invalid values.
    public func apply(to client: inout Client) throws {
        if let clientId {
            guard !clientId.isEmpty, clientId.utf8.count <= 255 else { throw IdentityError(.invalidRequest, "Invalid clientId") }
            client.clientID = clientId
        }
        if let name { client.name = name }
        if let description { client.description = description }
        if let enabled { client.enabled = enabled }
        if let publicClient { client.publicClient = publicClient }
        if let bearerOnly { client.bearerOnly = bearerOnly }
        if let secret { client.secret = secret }
        if let rootUrl { client.rootURL = rootUrl }
        if let baseUrl { client.baseURL = baseUrl }
        if let redirectUris {
            guard redirectUris.count <= 100, redirectUris.allSatisfy({ $0.utf8.count <= RedirectURIMatcher.maximumLength }) else {
                throw IdentityError(.invalidRequest, "Too many or too long redirect URIs")
            }
            client.redirectURIs = redirectUris
        }
        if let webOrigins { client.webOrigins = webOrigins }
        if let standardFlowEnabled { client.standardFlowEnabled = standardFlowEnabled }
        if let implicitFlowEnabled { client.implicitFlowEnabled = implicitFlowEnabled }
        if let directAccessGrantsEnabled { client.directAccessGrantsEnabled = directAccessGrantsEnabled }
        if let serviceAccountsEnabled { client.serviceAccountsEnabled = serviceAccountsEnabled }
        if let fullScopeAllowed { client.fullScopeAllowed = fullScopeAllowed }
        if let consentRequired { client.consentRequired = consentRequired }
        if let `protocol` { client.protocol = `protocol` }
        if let attributes { client.attributes.merge(attributes) { _, new in new } }
        if client.isConfidential, client.secret == nil { client.secret = RandomToken.make(bytes: 24) }
        if !client.isConfidential { client.secret = nil }
    }
}
