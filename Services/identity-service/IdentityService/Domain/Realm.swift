import Foundation

/// A realm: a namespace of clients, users, roles and groups with its own settings and keys.
public struct Realm: Sendable, Hashable {
    /// Internal id (Keycloak's realm `id`).
    public var id: UUID
    /// The realm name used in URLs (`/realms/{name}`).
    public var name: String
    /// Disabled realms answer 404 to every protocol endpoint.
    public var enabled: Bool
    /// Name shown on login pages.
    public var displayName: String?
    /// Lifespans, brute-force settings, password policy, theme, …
    public var settings: RealmSettings
    /// The `default-roles-<realm>` composite role given to every new user.
    public var defaultRoleID: UUID?

    /// Creates a realm value.
    public init(id: UUID = UUID(), name: String, enabled: Bool = true, displayName: String? = nil,
                settings: RealmSettings = RealmSettings(), defaultRoleID: UUID? = nil) {
        self.id = id
        self.name = name
        self.enabled = enabled
        self.displayName = displayName
        self.settings = settings
        self.defaultRoleID = defaultRoleID
    }

    /// The name of the realm's default composite role, as Keycloak names it.
    public var defaultRoleName: String { "default-roles-\(name)" }
}
