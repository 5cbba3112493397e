import Foundation

/// A group of users; its role mappings apply to its members and to its subgroups' members.
public struct Group: Sendable, Hashable {
    /// Internal id.
    public var id: UUID
    /// The realm.
    public var realmID: UUID
    /// Parent group, nil at the top.
    public var parentID: UUID?
    /// Name, unique among siblings.
    public var name: String
    /// Attributes.
    public var attributes: [String: [String]] = [:]

    /// Creates a group.
    public init(id: UUID = UUID(), realmID: UUID, parentID: UUID? = nil, name: String) {
        self.id = id
        self.realmID = realmID
        self.parentID = parentID
        self.name = name
    }
}
