import Foundation

/// A realm role (`clientID == nil`) or a client role.
public struct Role: Sendable, Hashable {
    /// Internal id.
    public var id: UUID
    /// The realm.
    public var realmID: UUID
    /// The owning client's internal id, nil for realm roles.
    public var clientID: UUID?
    /// Role name, unique per realm or client.
    public var name: String
    /// Description.
    public var description: String?
    /// Whether the role has composites (filled by the store).
    public var composite: Bool = false

    /// Creates a role.
    public init(id: UUID = UUID(), realmID: UUID, clientID: UUID? = nil, name: String, description: String? = nil) {
        self.id = id
        self.realmID = realmID
        self.clientID = clientID
        self.name = name
        self.description = description
    }
}

/// The effective roles of a user, grouped as tokens carry them.
public struct EffectiveRoles: Sendable, Hashable {
    /// Realm role names.
    public var realm: Set<String> = []
    /// Client roles by `client_id` (the OAuth client id, not the internal one).
    public var clients: [String: Set<String>] = [:]

    /// Creates an empty set.
    public init(realm: Set<String> = [], clients: [String: Set<String>] = [:]) {
        self.realm = realm
        self.clients = clients
    }
}
