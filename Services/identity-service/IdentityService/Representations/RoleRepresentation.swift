/// Keycloak's RoleRepresentation.
public struct RoleRepresentation: Codable, Sendable, Hashable {
    /// Role id.
    public var id: String?
    /// Role name.
    public var name: String?
    /// Description.
    public var description: String?
    /// Whether it has composites.
    public var composite: Bool?
    /// Composite members by realm role name and by client.
    public var composites: Composites?
    /// Whether it is a client role.
    public var clientRole: Bool?
    /// Realm id or client id (internal) that owns it.
    public var containerId: String?
    /// Attributes.
    public var attributes: [String: [String]]?

    /// Composite members: `{"realm": [...], "client": {"clientId": [...]}}`.
    public struct Composites: Codable, Sendable, Hashable {
        /// Realm role names.
        public var realm: [String]?
        /// Client role names by `clientId`.
        public var client: [String: [String]]?

        /// Creates composites.
        public init(realm: [String]? = nil, client: [String: [String]]? = nil) {
            self.realm = realm
            self.client = client
        }
    }

    /// Creates a representation.
    public init(id: String? = nil, name: String? = nil, description: String? = nil, composite: Bool? = nil,
                composites: Composites? = nil, clientRole: Bool? = nil, containerId: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.composite = composite
        self.composites = composites
        self.clientRole = clientRole
        self.containerId = containerId
    }

    /// The representation of a stored role.
    public init(_ role: Role) {
        self.init(id: role.id.uuidString.lowercased(), name: role.name, description: role.description, composite: role.composite,
                  clientRole: role.clientID != nil, containerId: (role.clientID ?? role.realmID).uuidString.lowercased())
        attributes = [:]
    }
}

/// Keycloak's RolesRepresentation: `{"realm": [...], "client": {"clientId": [...]}}`.
public struct RolesRepresentation: Codable, Sendable, Hashable {
    /// Realm roles.
    public var realm: [RoleRepresentation]?
    /// Client roles by `clientId`.
    public var client: [String: [RoleRepresentation]]?

    /// Creates roles.
    public init(realm: [RoleRepresentation]? = nil, client: [String: [RoleRepresentation]]? = nil) {
        self.realm = realm
        self.client = client
    }
}
