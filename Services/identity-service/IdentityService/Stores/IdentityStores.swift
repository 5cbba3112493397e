import Foundation
import Logging
import PostgresNIO

/// Every store identity-service uses, built once in the composition root.
public struct IdentityStores: Sendable {
    /// Realms.
    public var realms: any RealmStore
    /// Clients.
    public var clients: any ClientStore
    /// Users and credentials.
    public var users: any UserStore
    /// Roles and mappings.
    public var roles: any RoleStore
    /// Groups.
    public var groups: any GroupStore
    /// SSO sessions.
    public var sessions: any SessionStore
    /// Codes, refresh tokens, revocations.
    public var grants: any GrantStore
    /// Signing keys.
    public var signingKeys: any SigningKeyStore
    /// Events.
    public var events: any EventStore
    /// Brute-force state.
    public var loginFailures: any LoginFailureStore
    /// In-process cache of realms, clients, users and roles (serves only while its
    /// ``DirectoryCacheListener`` runs).
    public var cache = DirectoryCache()

    /// The PostgreSQL implementations over one pool; events are written behind the requests
    /// (``BatchingEventStore``, which the application runs as a service so none is lost at shutdown).
    public static func postgres(_ client: PostgresClient) -> IdentityStores {
        IdentityStores(realms: PostgresRealmStore(client: client), clients: PostgresClientStore(client: client),
                       users: PostgresUserStore(client: client), roles: PostgresRoleStore(client: client),
                       groups: PostgresGroupStore(client: client), sessions: PostgresSessionStore(client: client),
                       grants: PostgresGrantStore(client: client), signingKeys: PostgresSigningKeyStore(client: client),
                       events: BatchingEventStore(base: PostgresEventStore(client: client)), loginFailures: PostgresLoginFailureStore(client: client))
    }
}

extension IdentityStores {
    /// The realm's user with this id, read through the directory cache.
    /// - Returns: nil when unknown or in another realm.
    public func cachedUser(realmID: UUID, id: UUID, logger: Logger) async throws -> User? {
        let user = try await cache.user(id: id, load: { try await users.user(realmID: realmID, id: id, logger: logger) })
        return user?.realmID == realmID ? user : nil
    }
}
