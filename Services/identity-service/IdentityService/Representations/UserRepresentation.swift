import Foundation

/// Keycloak's UserRepresentation (fields named as Keycloak names them).
public struct UserRepresentation: Codable, Sendable, Hashable {
    public var id: String?
    public var username: String?
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var enabled: Bool?
    public var emailVerified: Bool?
    public var attributes: [String: [String]]?
    public var requiredActions: [String]?
    /// Milliseconds since 1970.
    public var createdTimestamp: Int?
    public var credentials: [CredentialRepresentation]?
    public var realmRoles: [String]?
    public var clientRoles: [String: [String]]?
    /// Group paths, e.g. `/radiology/readers`.
    public var groups: [String]?
    public var serviceAccountClientId: String?
    public var totp: Bool?
    public var disableableCredentialTypes: [String]?
    public var notBefore: Int?
    public var access: [String: Bool]?

    /// An empty representation.
    public init() {}

    /// The representation of a stored user (no credentials).
    public init(_ user: User) {
        id = user.id.uuidString.lowercased()
        username = user.username
        email = user.email
        firstName = user.firstName
        lastName = user.lastName
        enabled = user.enabled
        emailVerified = user.emailVerified
        attributes = user.attributes.isEmpty ? nil : user.attributes
        requiredActions = user.requiredActions
        createdTimestamp = Int(user.createdAt.timeIntervalSince1970 * 1000)
        totp = false
        disableableCredentialTypes = []
        notBefore = 0
        access = ["manageGroupMembership": true, "view": true, "mapRoles": true, "impersonate": false, "manage": true]
    }

    /// Applies the present fields to a user (absent fields stay unchanged, as Keycloak's PUT does).
    /// - Throws: ``IdentityError`` `.invalidRequest` for invalid values.
    public func apply(to user: inout User) throws {
        if let username {
            guard !username.isEmpty, username.utf8.count <= 255 else { throw IdentityError(.invalidRequest, "User name is missing") }
            user.username = username.lowercased()
        }
        if let email {
            guard email.utf8.count <= 255 else { throw IdentityError(.invalidRequest, "Invalid email") }
            user.email = email.isEmpty ? nil : email.lowercased()
        }
        if let firstName { user.firstName = firstName }
        if let lastName { user.lastName = lastName }
        if let enabled { user.enabled = enabled }
        if let emailVerified { user.emailVerified = emailVerified }
        if let attributes {
            guard attributes.count <= 100 else { throw IdentityError(.invalidRequest, "Too many attributes") }
            user.attributes = attributes
        }
        if let requiredActions { user.requiredActions = requiredActions }
    }
}
