/// Keycloak's GroupRepresentation.
public struct GroupRepresentation: Codable, Sendable, Hashable {
    public var id: String?
    public var name: String?
    /// `/parent/child`.
    public var path: String?
    public var attributes: [String: [String]]?
    public var realmRoles: [String]?
    public var clientRoles: [String: [String]]?
    public var subGroups: [GroupRepresentation]?
    public var subGroupCount: Int?

    /// An empty representation.
    public init() {}

    /// The representation of a stored group.
    public init(_ group: Group, path: String) {
        id = group.id.uuidString.lowercased()
        name = group.name
        self.path = path
        attributes = group.attributes
        subGroups = []
    }
}
