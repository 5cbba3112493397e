import Foundation
import Logging
import Testing
@testable import IdentityService

/// The remembered access-token states (revocation and session) behind introspection and
/// userinfo: two replicas on one real PostgreSQL, each with its own cache and listener.
@Suite struct SessionStateCacheTests {
    /// One identity-service replica: its own stores, cache and invalidation listener.
    struct Replica {
        let flows: IdentityFlows
        let listener: Task<Void, any Error>

        init(_ h: IdentityHarness) {
            let stores = IdentityStores.postgres(h.client)
            flows = IdentityFlows(stores: stores, publicURL: "http://localhost")
            let listener = DirectoryCacheListener(client: h.client, cache: stores.cache, logger: h.logger)
            self.listener = Task { try await listener.run() }
        }

        var cache: DirectoryCache { flows.stores.cache }

        func isActive(_ token: String, _ realm: Realm, _ logger: Logger) async throws -> Bool {
            let answer = try await flows.inspection.introspect(realm: realm, credentials: SessionStateCacheTests.app, token: token, logger: logger)
            if case .active = answer { return true }
            return false
        }
    }

    static let app = ClientCredentials(clientID: "app", secret: "app-secret")

    /// Waits (up to 10 s) until `condition` holds.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Two listening replicas, a realm with a confidential direct-grant client and a user.
    func replicas(_ h: IdentityHarness) async throws -> (Replica, Replica, Realm) {
        let realm = try await h.makeRealm()
        _ = try await h.makeClient(realm, "app") {
            $0.publicClient = false
            $0.secret = "app-secret"
            $0.directAccessGrantsEnabled = true
        }
        try await h.makeUser(realm, "alice")
        let (a, b) = (Replica(h), Replica(h))
        #expect(try await eventually { a.cache.isActive && b.cache.isActive })
        return (a, b, realm)
    }

    func login(_ replica: Replica, _ realm: Realm, _ logger: Logger) async throws -> TokenResponse {
        try await replica.flows.token.token(realm: realm, credentials: Self.app,
                                            form: ["grant_type": "password", "username": "alice", "password": "correct horse"],
                                            ipAddress: nil, logger: logger)
    }

    /// Logs in on replica A, has both replicas introspect the access token (so both remember
    /// it), runs `end` (on A, or by a third party when `endedOnA` is false), then expects the
    /// token inactive on A at once (when A ended it) and on B once PostgreSQL notifies it.
    func expectEndedOnBothReplicas(endedOnA: Bool = true,
                                   _ end: (IdentityHarness, Replica, Realm, TokenResponse) async throws -> Void) async throws {
        try await IdentityHarness.with { h in
            let (a, b, realm) = try await replicas(h)
            defer { a.listener.cancel(); b.listener.cancel() }
            let tokens = try await login(a, realm, h.logger)
            for replica in [a, b, b] { #expect(try await replica.isActive(tokens.accessToken, realm, h.logger)) }
            #expect(a.cache.rememberedTokenStates == 1 && b.cache.rememberedTokenStates == 1)
            try await end(h, a, realm, tokens)
            if endedOnA { #expect(try await !a.isActive(tokens.accessToken, realm, h.logger)) }
            #expect(try await eventually { try await !b.isActive(tokens.accessToken, realm, h.logger) })
        }
    }

    @Test func aLogoutOnOneReplicaEndsTheTokenOnTheOther() async throws {
        try await expectEndedOnBothReplicas { h, a, realm, tokens in
            try await a.flows.inspection.logout(realm: realm, credentials: Self.app, refreshToken: tokens.refreshToken, ipAddress: nil, logger: h.logger)
        }
    }

    @Test func aRevocationOnOneReplicaEndsTheTokenOnTheOther() async throws {
        try await expectEndedOnBothReplicas { h, a, realm, tokens in
            try await a.flows.inspection.revoke(realm: realm, credentials: Self.app, token: tokens.accessToken, ipAddress: nil, logger: h.logger)
        }
    }

    @Test func aThirdPartysSessionDeletionEndsTheTokenEverywhere() async throws {
        // The harness's own stores (no cache of A's or B's) delete the user's sessions.
        try await expectEndedOnBothReplicas(endedOnA: false) { h, _, realm, _ in
            let user = try #require(try await h.stores.users.user(realmID: realm.id, usernameOrEmail: "alice", orEmail: false, logger: h.logger))
            try await h.stores.sessions.deleteSessions(userID: user.id, logger: h.logger)
        }
    }

    @Test func aRememberedSessionThatLooksIdleIsReadAgain() async throws {
        let cache = DirectoryCache()
        cache.activate()
        let session = SSOSession(realmID: UUID(), userID: UUID(), authTime: Date(), lastRefresh: Date())
        var loads = 0
        for current in [true, true, false] {
            let state = try await cache.accessTokenState(jti: "j", sessionID: session.id, isCurrent: { _ in current }, load: {
                loads += 1
                return (false, session)
            })
            #expect(state.session?.id == session.id && !state.revoked)
        }
        #expect(loads == 2)
        // Revoked tokens and missing sessions are never remembered.
        _ = try await cache.accessTokenState(jti: "r", sessionID: nil, isCurrent: { _ in true }, load: { (true, nil) })
        _ = try await cache.accessTokenState(jti: "m", sessionID: session.id, isCurrent: { _ in true }, load: { (false, nil) })
        #expect(cache.rememberedTokenStates == 1)
        cache.flushSessions()
        #expect(cache.rememberedTokenStates == 0)
    }
}
