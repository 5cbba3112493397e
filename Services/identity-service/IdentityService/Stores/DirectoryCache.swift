import Foundation
import Synchronization

/// An in-process cache of the directory data every token request reads — realms by name,
/// clients, service-account users, users and their effective roles — so hot paths do not
/// ask PostgreSQL for data that rarely changes.
///
/// Invalidation: every write to the cached tables fires a statement trigger that sends
/// `NOTIFY identity_cache` (migration 0003); ``DirectoryCacheListener`` flushes this cache
/// on each notification, on every replica. The cache serves only while that listener is
/// connected (a lost connection flushes it and turns it off until the listener is back), and
/// admin writes also flush it synchronously on the replica that made them (no window in
/// which that replica's next request sees old data). A load that raced with a flush is
/// not stored (generation check).
///
/// It also remembers, per access token, the answer of the revocation-and-session lookup
/// that every introspection and userinfo call makes (``accessTokenState(jti:sessionID:isCurrent:load:)``).
/// Those entries are dropped on their own (``flushSessions()``) when a session ends or a token
/// is revoked anywhere: migration 0008's triggers notify `identity_cache` with the table name
/// (`sso_sessions` on delete, `revoked_tokens` on insert), and the replica that made the change
/// flushes at once (its stores call ``flushSessions()``). Session updates do not notify: they
/// only move `last_refresh` forward, so a remembered session can only look older than it is,
/// and the caller reloads whenever a remembered session no longer looks active.
public final class DirectoryCache: Sendable {
    /// Most entries per kind before that kind is emptied (bounds memory for large realms).
    public static let maximumEntries = 10_000

    struct ClientKey: Hashable {
        var realmID: UUID
        var clientID: String
    }

    struct RolesKey: Hashable {
        var userID: UUID
        var scopedTo: UUID?
    }

    struct TokenKey: Hashable {
        var jti: String
        var sessionID: UUID?
    }

    /// An access token's revocation and session state (``GrantStore/accessTokenState(jti:sessionID:logger:)``).
    typealias TokenState = (revoked: Bool, session: SSOSession?)

    struct State {
        var active = false
        var generation: UInt64 = 0
        var realms: [String: Realm] = [:]
        var clients: [ClientKey: Client] = [:]
        var serviceAccounts: [UUID: User] = [:]
        var users: [UUID: User] = [:]
        var roles: [RolesKey: EffectiveRoles] = [:]
        /// Only unrevoked tokens whose session existed (or that have none) are kept.
        var tokens: [TokenKey: SSOSession?] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty, inactive cache (it serves once ``activate()`` is called).
    public init() {}

    /// Whether lookups are served from memory.
    public var isActive: Bool { state.withLock { $0.active } }

    /// Starts serving from memory (the invalidation listener is connected).
    public func activate() {
        state.withLock { $0 = State(active: true, generation: $0.generation &+ 1) }
    }

    /// Stops serving from memory and forgets everything (the listener lost its connection).
    public func deactivate() {
        state.withLock { $0 = State(active: false, generation: $0.generation &+ 1) }
    }

    /// Forgets everything (data changed somewhere).
    public func flush() {
        state.withLock { $0 = State(active: $0.active, generation: $0.generation &+ 1) }
    }

    /// Forgets the remembered access-token states (a session ended or a token was revoked).
    public func flushSessions() {
        state.withLock { state in
            state.tokens = [:]
            state.generation &+= 1
        }
    }

    /// How many access-token states are remembered (for tests).
    var rememberedTokenStates: Int { state.withLock { $0.tokens.count } }

    /// An access token's state, from memory when remembered and `isCurrent` accepts the
    /// remembered session, else from `load` (remembered when unrevoked and the session exists).
    func accessTokenState(jti: String, sessionID: UUID?, isCurrent: (SSOSession) -> Bool,
                          load: () async throws -> TokenState) async throws -> TokenState {
        let key = TokenKey(jti: jti, sessionID: sessionID)
        let lookup: (hit: SSOSession??, generation: UInt64?) = state.withLock { state in
            guard state.active else { return (nil, nil) }
            return (state.tokens[key], state.generation)
        }
        if let hit = lookup.hit, hit.map(isCurrent) ?? true { return (false, hit) }
        let value = try await load()
        if !value.revoked, (sessionID == nil) == (value.session == nil), let generation = lookup.generation {
            state.withLock { state in
                guard state.active, state.generation == generation else { return }
                if state.tokens.count >= Self.maximumEntries { state.tokens.removeAll() }
                state.tokens[key] = value.session
            }
        }
        return value
    }

    /// The realm named `name`, from memory or `load`.
    func realm(named name: String, load: () async throws -> Realm?) async throws -> Realm? {
        try await cached(\.realms, name, load: load)
    }

    /// The client with OAuth `client_id` in a realm, from memory or `load`.
    func client(realmID: UUID, clientID: String, load: () async throws -> Client?) async throws -> Client? {
        try await cached(\.clients, ClientKey(realmID: realmID, clientID: clientID), load: load)
    }

    /// The service-account user of a client (by internal id), from memory or `load`.
    func serviceAccount(clientID: UUID, load: () async throws -> User?) async throws -> User? {
        try await cached(\.serviceAccounts, clientID, load: load)
    }

    /// The user with this id, from memory or `load`.
    func user(id: UUID, load: () async throws -> User?) async throws -> User? {
        try await cached(\.users, id, load: load)
    }

    /// A user's effective roles (limited to a client's scope when `scopedTo` is set), from memory or `load`.
    func effectiveRoles(userID: UUID, scopedTo clientID: UUID? = nil, load: () async throws -> EffectiveRoles) async throws -> EffectiveRoles {
        try await cached(\.roles, RolesKey(userID: userID, scopedTo: clientID), load: load) ?? EffectiveRoles()
    }

    private func cached<Key: Hashable & Sendable, Value: Sendable>(_ path: WritableKeyPath<State, [Key: Value]>, _ key: Key,
                                              load: () async throws -> Value?) async throws -> Value? {
        let lookup: (hit: Value?, generation: UInt64?) = state.withLock { state in
            guard state.active else { return (nil, nil) }
            return (state[keyPath: path][key], state.generation)
        }
        if let hit = lookup.hit { return hit }
        let value = try await load()
        if let value, let generation = lookup.generation {
            state.withLock { state in
                guard state.active, state.generation == generation else { return }
                if state[keyPath: path].count >= Self.maximumEntries { state[keyPath: path].removeAll() }
                state[keyPath: path][key] = value
            }
        }
        return value
    }
}
