import Foundation

/// A user of a realm (Keycloak's UserRepresentation, the fields Tessera keeps).
public struct User: Sendable, Hashable {
    /// Internal id, the `sub` of tokens.
    public var id: UUID
    /// The realm.
    public var realmID: UUID
    /// Lower-cased username, unique in the realm.
    public var username: String
    /// Lower-cased email.
    public var email: String?
    /// Given name.
    public var firstName: String?
    /// Family name.
    public var lastName: String?
    /// Disabled users cannot log in.
    public var enabled: Bool = true
    /// Whether the email is verified.
    public var emailVerified: Bool = false
    /// Free-form attributes (Keycloak: name → list of values).
    public var attributes: [String: [String]] = [:]
    /// Pending required actions, e.g. `UPDATE_PASSWORD`.
    public var requiredActions: [String] = []
    /// For service-account users, the client they stand for.
    public var serviceAccountClientID: UUID?
    /// Creation time.
    public var createdAt: Date = Date()

    /// Creates a user; the username is lower-cased as Keycloak does.
    public init(id: UUID = UUID(), realmID: UUID, username: String) {
        self.id = id
        self.realmID = realmID
        self.username = username.lowercased()
    }

    /// `given family`, or nil when both are empty.
    public var fullName: String? {
        let parts = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}

/// The required action that makes a user choose a new password at next login.
public let updatePasswordAction = "UPDATE_PASSWORD"
