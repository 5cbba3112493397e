import Foundation

/// Keycloak's RealmRepresentation: the realm-export format. Settings fields decode into
/// ``RealmSettings`` from the same JSON object; this type holds the rest.
public struct RealmRepresentation: Codable, Sendable {
    public var id: String?
    public var realm: String?
    public var enabled: Bool?
    public var displayName: String?
    public var roles: RolesRepresentation?
    /// Legacy (before Keycloak 13) default realm role names.
    public var defaultRoles: [String]?
    /// The `default-roles-<realm>` composite (Keycloak 13+).
    public var defaultRole: RoleRepresentation?
    public var clients: [ClientRepresentation]?
    public var users: [UserRepresentation]?
    public var groups: [GroupRepresentation]?
    /// Realm roles in clients' scopes (`[{"client": "x", "roles": ["r"]}]`).
    public var scopeMappings: [ScopeMappingRepresentation]?
    /// Client roles in clients' scopes, by the client owning the roles.
    public var clientScopeMappings: [String: [ScopeMappingRepresentation]]?

    /// An empty representation.
    public init() {}

    /// Decodes a realm file: its representation and its settings.
    /// - Parameter data: JSON bytes.
    /// - Returns: Both views of the file.
    /// - Throws: ``IdentityError`` `.invalidRequest` when the JSON is not a realm representation.
    public static func decode(_ data: Data) throws -> (RealmRepresentation, RealmSettings) {
        do {
            let representation = try JSONDecoder().decode(RealmRepresentation.self, from: data)
            let settings = try JSONDecoder().decode(RealmSettings.self, from: data)
            guard let name = representation.realm, !name.isEmpty, name.utf8.count <= 255,
                  name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                throw IdentityError(.invalidRequest, "realm name missing or invalid")
            }
            try settings.browserSecurityHeaders.validate()
            return (representation, settings)
        } catch let error as IdentityError {
            throw error
        } catch {
            throw IdentityError(.invalidRequest, "not a realm representation: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "malformed JSON" }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "field \(path): \(context.debugDescription)"
        @unknown default:
            return "malformed JSON"
        }
    }
}

/// Keycloak's ScopeMappingRepresentation: roles (by name) in a client's scope. Entries for
/// client scopes (`clientScope`) are accepted and ignored: Tessera has no client scopes.
public struct ScopeMappingRepresentation: Codable, Sendable, Hashable {
    public var client: String?
    public var clientScope: String?
    public var roles: [String]?

    /// Creates a mapping.
    public init(client: String?, roles: [String]) {
        self.client = client
        self.roles = roles
    }
}
