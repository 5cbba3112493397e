import Foundation
import Logging
import PostgresNIO

/// Every store identity-service uses, built once in the composition root.
///
/// A class: flows, admin services and every route closure hold it, and one reference is
/// cheaper to keep and to copy than ten existential stores each (a route's captured context
/// was about 14 KB while these were values).
public final class IdentityStores: Sendable {
    /// Realms.
    public let realms: any RealmStore
    /// Clients.
    public let clients: any ClientStore
    /// Users and credentials.
    public let users: any UserStore
    /// Roles and mappings.
    public let roles: any RoleStore
    /// Groups.
    public let groups: any GroupStore
    /// SSO sessions.
    public let sessions: any SessionStore
    /// Codes, refresh tokens, revocations.
    public let grants: any GrantStore
    /// Signing keys.
    public let signingKeys: any SigningKeyStore
    /// Events.
    public let events: any EventStore
    /// Brute-force state.
    public let loginFailures: any LoginFailureStore
    /// In-process cache of realms, clients, users and roles (serves only while its
    /// ``DirectoryCacheListener`` runs).
    public let cache: DirectoryCache

    /// Creates the set; `cache` defaults to an empty directory cache.
    public init(
        realms: any RealmStore, clients: any ClientStore, users: any UserStore, roles: any RoleStore, groups: any GroupStore,
        sessions: any SessionStore, grants: any GrantStore, signingKeys: any SigningKeyStore, events: any EventStore,
        loginFailures: any LoginFailureStore, cache: DirectoryCache = DirectoryCache()
    ) {
        self.realms = realms
        self.clients = clients
        self.users = users
        self.roles = roles
        self.groups = groups
        self.sessions = sessions
        self.grants = grants
        self.signingKeys = signingKeys
        self.events = events
        self.loginFailures = loginFailures
        self.cache = cache
    }

    /// The PostgreSQL implementations over one pool; events are written behind the requests
    /// (``BatchingEventStore``, which the application runs as a service so none is lost at shutdown).
    public static func postgres(_ client: PostgresClient) -> IdentityStores {
        let cache = DirectoryCache()
        return IdentityStores(realms: PostgresRealmStore(client: client), clients: PostgresClientStore(client: client),
                              users: PostgresUserStore(client: client), roles: PostgresRoleStore(client: client),
                              groups: PostgresGroupStore(client: client), sessions: PostgresSessionStore(client: client, cache: cache),
                              grants: PostgresGrantStore(client: client, cache: cache), signingKeys: PostgresSigningKeyStore(client: client),
                              events: BatchingEventStore(base: PostgresEventStore(client: client)),
                              loginFailures: PostgresLoginFailureStore(client: client), cache: cache)
    }
}

extension IdentityStores {
    /// The realm's user with this id, read through the directory cache.
    /// - Returns: nil when unknown or in another realm.
    public func cachedUser(realmID: UUID, id: UUID, logger: Logger) async throws -> User? {
        let user = try await cache.user(id: id, load: { try await users.user(realmID: realmID, id: id, logger: logger) })
        return user?.realmID == realmID ? user : nil
    }

    /// Whether an access token was revoked, and its session, read through the directory cache:
    /// a remembered session counts only while it is still active under `settings` at `now`
    /// (another replica may have refreshed it since; then it is read again).
    /// - Returns: As ``GrantStore/accessTokenState(jti:sessionID:logger:)``.
    public func cachedAccessTokenState(jti: String, sessionID: UUID?, settings: RealmSettings, now: Date,
                                       logger: Logger) async throws -> (revoked: Bool, session: SSOSession?) {
        try await cache.accessTokenState(jti: jti, sessionID: sessionID, isCurrent: { $0.isActive(settings, now: now) }, load: {
            try await grants.accessTokenState(jti: jti, sessionID: sessionID, logger: logger)
        })
    }
}
