import Foundation
import Logging

/// Imports Keycloak realm representations (realm-export files).
public struct RealmImporter: Sendable {
    let stores: IdentityStores
    let hasher: PasswordHasher

    /// What to do when the realm exists.
    public enum Strategy: String, Sendable, CaseIterable {
        /// Leave the existing realm alone (Keycloak's `IGNORE_EXISTING`).
        case skip
        /// Delete the existing realm and import afresh (Keycloak's `OVERWRITE_EXISTING`).
        case overwrite
    }

    /// The outcome of one import.
    public enum Outcome: String, Sendable {
        /// Created.
        case imported
        /// Existed and was replaced.
        case overwritten
        /// Existed and was left alone.
        case skipped
    }

    /// Creates an importer.
    public init(stores: IdentityStores, hasher: PasswordHasher = PasswordHasher()) {
        self.stores = stores
        self.hasher = hasher
    }

    /// Imports one realm file's JSON. On failure the partly imported realm is removed.
    /// - Parameters:
    ///   - data: The (placeholder-expanded) JSON.
    ///   - strategy: Skip or overwrite an existing realm.
    ///   - logger: Logger.
    /// - Returns: What happened and the realm name.
    /// - Throws: ``IdentityError`` for invalid representations.
    public func importRealm(_ data: Data, strategy: Strategy, logger: Logger) async throws -> (outcome: Outcome, realm: String) {
        let (representation, settings) = try RealmRepresentation.decode(data)
        let name = representation.realm!
        var outcome = Outcome.imported
        if let existing = try await stores.realms.realm(named: name, logger: logger) {
            guard strategy == .overwrite else { return (.skipped, name) }
            try await stores.realms.delete(id: existing.id, logger: logger)
            outcome = .overwritten
        }
        var realm = Realm(id: representation.id.flatMap(UUID.init(uuidString:)) ?? UUID(), name: name,
                          enabled: representation.enabled ?? true, displayName: representation.displayName, settings: settings)
        realm = try await RealmProvisioner(stores: stores).create(realm, logger: logger)
        do {
            try await populate(realm, from: representation, logger: logger)
        } catch {
            try? await stores.realms.delete(id: realm.id, logger: logger)
            throw error
        }
        return (outcome, name)
    }

    /// `scopeMappings` (realm roles) and `clientScopeMappings` (client roles by owning client).
    private func importScopeMappings(_ realm: Realm, _ representation: RealmRepresentation, logger: Logger) async throws {
        var sources: [(owner: String?, mappings: [ScopeMappingRepresentation])] = [(nil, representation.scopeMappings ?? [])]
        for (owner, mappings) in representation.clientScopeMappings ?? [:] { sources.append((owner, mappings)) }
        for (owner, mappings) in sources {
            var ownerID: UUID?
            if let owner {
                guard let client = try await stores.clients.client(realmID: realm.id, clientID: owner, logger: logger) else {
                    throw IdentityError(.invalidRequest, "scope mappings for roles of unknown client \(owner)")
                }
                ownerID = client.id
            }
            for mapping in mappings {
                guard let name = mapping.client else { continue }
                guard let client = try await stores.clients.client(realmID: realm.id, clientID: name, logger: logger) else {
                    throw IdentityError(.invalidRequest, "scope mappings for unknown client \(name)")
                }
                var ids: [UUID] = []
                for roleName in mapping.roles ?? [] {
                    guard let role = try await stores.roles.role(realmID: realm.id, clientID: ownerID, name: roleName, logger: logger) else {
                        throw IdentityError(.invalidRequest, "scope mapping to unknown role \(roleName)")
                    }
                    ids.append(role.id)
                }
                try await stores.roles.grant(ids, to: .clientScope(client.id), logger: logger)
            }
        }
    }

    private func populate(_ realm: Realm, from representation: RealmRepresentation, logger: Logger) async throws {
        let builder = RealmContentBuilder(stores: stores, hasher: hasher, realm: realm)
        for role in representation.roles?.realm ?? [] where role.name != realm.defaultRoleName && role.name != RealmProvisioner.offlineAccessRole {
            try await builder.createRole(role, clientID: nil, logger: logger)
        }
        for client in representation.clients ?? [] where client.clientId != RealmProvisioner.managementClientID {
            try await builder.createClient(client, logger: logger)
        }
        for (clientID, roles) in representation.roles?.client ?? [:] where clientID != RealmProvisioner.managementClientID {
            guard let client = try await stores.clients.client(realmID: realm.id, clientID: clientID, logger: logger) else {
                throw IdentityError(.invalidRequest, "roles for unknown client \(clientID)")
            }
            for role in roles { try await builder.createRole(role, clientID: client.id, logger: logger) }
        }
        for role in representation.roles?.realm ?? [] where role.name != realm.defaultRoleName {
            try await builder.addComposites(role, clientID: nil, logger: logger)
        }
        for (clientID, roles) in representation.roles?.client ?? [:] where clientID != RealmProvisioner.managementClientID {
            let client = try await stores.clients.client(realmID: realm.id, clientID: clientID, logger: logger)
            for role in roles { try await builder.addComposites(role, clientID: client?.id, logger: logger) }
        }
        try await builder.setDefaultRoles(legacy: representation.defaultRoles, composite: representation.defaultRole, logger: logger)
        try await importScopeMappings(realm, representation, logger: logger)
        for group in representation.groups ?? [] { try await builder.createGroup(group, parentID: nil, logger: logger) }
        for user in representation.users ?? [] { try await builder.createUser(user, logger: logger) }
        for client in representation.clients ?? [] where client.serviceAccountsEnabled == true {
            if let stored = try await stores.clients.client(realmID: realm.id, clientID: client.clientId ?? "", logger: logger) {
                _ = try await ServiceAccounts(users: stores.users, roles: stores.roles).user(for: stored, realm: realm, logger: logger)
            }
        }
    }
}
