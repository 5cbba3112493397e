import Foundation
import Logging

/// The admin API's client operations (ClientsResource, ClientResource, client roles).
public struct ClientAdmin: Sendable {
    let flows: IdentityFlows
    var stores: IdentityStores { flows.stores }

    /// Creates the operations.
    public init(flows: IdentityFlows) { self.flows = flows }

    /// The client with this internal id.
    /// - Throws: ``IdentityError`` `.notFound` ("Could not find client").
    public func client(_ realm: Realm, id: String, logger: Logger) async throws -> Client {
        guard let uuid = UUID(uuidString: id), let client = try await stores.clients.client(realmID: realm.id, id: uuid, logger: logger) else {
            throw IdentityError(.notFound, "Could not find client")
        }
        return client
    }

    /// `GET /clients?clientId=&first=&max=`.
    public func list(_ realm: Realm, clientID: String?, first: Int, max: Int, logger: Logger) async throws -> [ClientRepresentation] {
        try await stores.clients.clients(realmID: realm.id, clientID: clientID, first: first, max: max, logger: logger)
            .map { ClientRepresentation($0, includeSecret: true) }
    }

    /// `POST /clients`.
    /// - Returns: The new client.
    public func create(_ realm: Realm, _ representation: ClientRepresentation, logger: Logger) async throws -> Client {
        var checked = representation
        checked.id = nil
        let client = try await RealmContentBuilder(stores: stores, hasher: flows.hasher, realm: realm).createClient(checked, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "CREATE", "clients/\(client.id.uuidString.lowercased())", logger: logger)
        return client
    }

    /// `PUT /clients/{id}`: omitted fields stay unchanged.
    public func update(_ realm: Realm, id: String, _ representation: ClientRepresentation, logger: Logger) async throws {
        var client = try await client(realm, id: id, logger: logger)
        try representation.apply(to: &client)
        try await stores.clients.update(client, logger: logger)
        if client.serviceAccountsEnabled {
            _ = try await ServiceAccounts(users: stores.users, roles: stores.roles).user(for: client, realm: realm, logger: logger)
        }
        await UserAdmin(flows: flows).adminEvent(realm, "UPDATE", "clients/\(id)", logger: logger)
    }

    /// `DELETE /clients/{id}`.
    public func delete(_ realm: Realm, id: String, logger: Logger) async throws {
        let client = try await client(realm, id: id, logger: logger)
        guard client.clientID != RealmProvisioner.managementClientID else { throw IdentityError(.invalidRequest, "Cannot delete realm-management") }
        try await stores.clients.delete(id: client.id, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "DELETE", "clients/\(id)", logger: logger)
    }

    /// `GET /clients/{id}/client-secret`: `{"type": "secret", "value": …}`.
    public func secret(_ realm: Realm, id: String, logger: Logger) async throws -> [String: String] {
        let client = try await client(realm, id: id, logger: logger)
        var result = ["type": "secret"]
        if client.isConfidential { result["value"] = client.secret }
        return result
    }

    /// `POST /clients/{id}/client-secret`: a new random secret.
    public func regenerateSecret(_ realm: Realm, id: String, logger: Logger) async throws -> [String: String] {
        var client = try await client(realm, id: id, logger: logger)
        guard client.isConfidential else { throw IdentityError(.invalidRequest, "Client is public or bearer-only") }
        client.secret = RandomToken.make(bytes: 24)
        try await stores.clients.update(client, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "ACTION", "clients/\(id)/client-secret", logger: logger)
        return ["type": "secret", "value": client.secret ?? ""]
    }

    /// `GET /clients/{id}/service-account-user`.
    public func serviceAccountUser(_ realm: Realm, id: String, logger: Logger) async throws -> UserRepresentation {
        let client = try await client(realm, id: id, logger: logger)
        guard client.serviceAccountsEnabled else { throw IdentityError(.invalidRequest, "Service account not enabled for the client") }
        return UserRepresentation(try await ServiceAccounts(users: stores.users, roles: stores.roles).user(for: client, realm: realm, logger: logger))
    }
}
