/// What an admin request needs, as Keycloak's `realm-management` client roles name it.
public enum AdminPermission: String, Sendable, Hashable {
    /// Read users (`view-users`).
    case viewUsers = "view-users"
    /// Change users (`manage-users`).
    case manageUsers = "manage-users"
    /// Read clients (`view-clients`).
    case viewClients = "view-clients"
    /// Change clients (`manage-clients`).
    case manageClients = "manage-clients"
    /// Read realm settings, roles and groups (`view-realm`).
    case viewRealm = "view-realm"
    /// Change realm settings, roles and groups (`manage-realm`).
    case manageRealm = "manage-realm"
    /// Read events (`view-events`).
    case viewEvents = "view-events"
    /// Create or list realms: only master-realm admins.
    case global = "admin"

    /// Roles that also satisfy this permission (a manage role implies its view role).
    var satisfiedBy: Set<String> {
        switch self {
        case .viewUsers: ["view-users", "manage-users", "realm-admin"]
        case .viewClients: ["view-clients", "manage-clients", "realm-admin"]
        case .viewRealm: ["view-realm", "manage-realm", "realm-admin"]
        case .viewEvents: ["view-events", "manage-events", "realm-admin"]
        case .global: []
        default: [rawValue, "realm-admin"]
        }
    }
}
