import Foundation
import Logging
import PostgresNIO

/// OAuth clients.
public protocol ClientStore: Sendable {
    /// The client with OAuth `client_id` in a realm, or nil.
    func client(realmID: UUID, clientID: String, logger: Logger) async throws -> Client?
    /// The client with internal id `id` in a realm, or nil.
    func client(realmID: UUID, id: UUID, logger: Logger) async throws -> Client?
    /// The realm's clients, optionally only the one with `clientID`, paged.
    func clients(realmID: UUID, clientID: String?, first: Int, max: Int, logger: Logger) async throws -> [Client]
    /// Inserts a client.
    /// - Throws: ``IdentityError`` `.conflict` when the `client_id` is taken.
    func create(_ client: Client, logger: Logger) async throws
    /// Saves every field of the client.
    func update(_ client: Client, logger: Logger) async throws
    /// Deletes a client with its roles and sessions.
    func delete(id: UUID, logger: Logger) async throws
}

/// ``ClientStore`` on PostgreSQL.
public struct PostgresClientStore: ClientStore {
    let client: PostgresClient

    /// Creates the store.
    public init(client: PostgresClient) { self.client = client }

    static let columns = """
        id, realm_id, client_id, name, description, enabled, public_client, bearer_only, secret, root_url, base_url, \
        redirect_uris, web_origins, standard_flow_enabled, implicit_flow_enabled, direct_access_grants_enabled, \
        service_accounts_enabled, full_scope_allowed, consent_required, protocol, attributes
        """

    public func client(realmID: UUID, clientID: String, logger: Logger) async throws -> Client? {
        try await fetch("SELECT \(unescaped: Self.columns) FROM clients WHERE realm_id = \(realmID) AND client_id = \(clientID)",
                        logger: logger).first
    }

    public func client(realmID: UUID, id: UUID, logger: Logger) async throws -> Client? {
        try await fetch("SELECT \(unescaped: Self.columns) FROM clients WHERE realm_id = \(realmID) AND id = \(id)",
                        logger: logger).first
    }

    public func clients(realmID: UUID, clientID: String?, first: Int, max: Int, logger: Logger) async throws -> [Client] {
        try await fetch("""
            SELECT \(unescaped: Self.columns) FROM clients
            WHERE realm_id = \(realmID) AND (\(clientID)::text IS NULL OR client_id = \(clientID))
            ORDER BY client_id OFFSET \(first) LIMIT \(max)
            """, logger: logger)
    }

    public func create(_ c: Client, logger: Logger) async throws {
        try await StoreErrors.uniqueAsConflict("Client \(c.clientID) already exists") {
            try await client.query("""
                INSERT INTO clients (id, realm_id, client_id, name, description, enabled, public_client, bearer_only, secret,
                    root_url, base_url, redirect_uris, web_origins, standard_flow_enabled, implicit_flow_enabled,
                    direct_access_grants_enabled, service_accounts_enabled, full_scope_allowed, consent_required, protocol, attributes)
                VALUES (\(c.id), \(c.realmID), \(c.clientID), \(c.name), \(c.description), \(c.enabled), \(c.publicClient),
                    \(c.bearerOnly), \(c.secret), \(c.rootURL), \(c.baseURL), \(c.redirectURIs), \(c.webOrigins),
                    \(c.standardFlowEnabled), \(c.implicitFlowEnabled), \(c.directAccessGrantsEnabled),
                    \(c.serviceAccountsEnabled), \(c.fullScopeAllowed), \(c.consentRequired), \(c.protocol), \(JSONB(c.attributes)))
                """, logger: logger)
        }
    }

    public func update(_ c: Client, logger: Logger) async throws {
        try await StoreErrors.uniqueAsConflict("Client \(c.clientID) already exists") {
            try await client.query("""
                UPDATE clients SET client_id = \(c.clientID), name = \(c.name), description = \(c.description),
                    enabled = \(c.enabled), public_client = \(c.publicClient), bearer_only = \(c.bearerOnly), secret = \(c.secret),
                    root_url = \(c.rootURL), base_url = \(c.baseURL), redirect_uris = \(c.redirectURIs), web_origins = \(c.webOrigins),
                    standard_flow_enabled = \(c.standardFlowEnabled), implicit_flow_enabled = \(c.implicitFlowEnabled),
                    direct_access_grants_enabled = \(c.directAccessGrantsEnabled),
                    service_accounts_enabled = \(c.serviceAccountsEnabled), full_scope_allowed = \(c.fullScopeAllowed),
                    consent_required = \(c.consentRequired), protocol = \(c.protocol), attributes = \(JSONB(c.attributes))
                WHERE id = \(c.id)
                """, logger: logger)
        }
    }

    public func delete(id: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM clients WHERE id = \(id)", logger: logger)
    }

    private func fetch(_ query: PostgresQuery, logger: Logger) async throws -> [Client] {
        var result: [Client] = []
        let rows = try await client.query(query, logger: logger)
        for try await row in rows {
            let r = try row.decode((UUID, UUID, String, String?, String?, Bool, Bool, Bool, String?, String?, String?,
                                    [String], [String], Bool, Bool, Bool, Bool, Bool, Bool, String, JSONB<[String: String]>).self)
            var c = Client(id: r.0, realmID: r.1, clientID: r.2)
            c.name = r.3; c.description = r.4; c.enabled = r.5; c.publicClient = r.6; c.bearerOnly = r.7; c.secret = r.8
            c.rootURL = r.9; c.baseURL = r.10; c.redirectURIs = r.11; c.webOrigins = r.12; c.standardFlowEnabled = r.13
            c.implicitFlowEnabled = r.14; c.directAccessGrantsEnabled = r.15; c.serviceAccountsEnabled = r.16
            c.fullScopeAllowed = r.17; c.consentRequired = r.18; c.protocol = r.19; c.attributes = r.20.value
            result.append(c)
        }
        return result
    }
}
