import Foundation
import Logging
import ServiceLifecycle
import ServiceSupport
import Testing
@testable import IdentityService

/// The in-process directory cache and its LISTEN/NOTIFY invalidation, on real PostgreSQL.
@Suite struct DirectoryCacheTests {
    /// Waits (up to 10 s) until `condition` holds.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func inactiveCacheAlwaysLoads() async throws {
        let cache = DirectoryCache()
        let first = try await cache.realm(named: "r", load: { Realm(name: "r") })
        let second = try await cache.realm(named: "r", load: { nil })
        #expect(first?.name == "r" && second == nil)
    }

    @Test func flushDuringALoadDoesNotStoreTheStaleValue() async throws {
        let cache = DirectoryCache()
        cache.activate()
        let stale = try await cache.realm(named: "r", load: {
            cache.flush()
            return Realm(name: "r", displayName: "old")
        })
        #expect(stale?.displayName == "old")
        let fresh = try await cache.realm(named: "r", load: { Realm(name: "r", displayName: "new") })
        #expect(fresh?.displayName == "new")
        let cached = try await cache.realm(named: "r", load: { Realm(name: "r", displayName: "newer") })
        #expect(cached?.displayName == "new")
    }

    @Test func writesOnAnyReplicaFlushTheCacheThroughNotify() async throws {
        try await IdentityHarness.with { h in
            var realm = try await h.makeRealm()
            let client = try await h.makeClient(realm, "backend") { $0.secret = "first"; $0.serviceAccountsEnabled = true }
            let cache = DirectoryCache()
            let listener = DirectoryCacheListener(client: h.client, cache: cache, logger: h.logger)
            let task = Task { try await listener.run() }
            defer { task.cancel() }
            #expect(try await eventually { cache.isActive })
            let load = { try await h.stores.realms.realm(named: realm.name, logger: h.logger) }
            #expect(try await cache.realm(named: realm.name, load: load)?.settings.accessTokenLifespan == 300)
            // Another replica (the plain store, no cache) changes the realm and the client.
            realm.settings.accessTokenLifespan = 120
            try await h.stores.realms.update(realm, logger: h.logger)
            #expect(try await eventually {
                try await cache.realm(named: realm.name, load: load)?.settings.accessTokenLifespan == 120
            })
            let loadClient = { try await h.stores.clients.client(realmID: realm.id, clientID: "backend", logger: h.logger) }
            #expect(try await cache.client(realmID: realm.id, clientID: "backend", load: loadClient)?.secret == "first")
            var changed = client
            changed.secret = "second"
            try await h.stores.clients.update(changed, logger: h.logger)
            #expect(try await eventually {
                try await cache.client(realmID: realm.id, clientID: "backend", load: loadClient)?.secret == "second"
            })
            // Role mappings invalidate effective roles.
            let user = try await h.makeUser(realm, "alice")
            let loadRoles = { try await h.stores.roles.effectiveRoles(userID: user.id, logger: h.logger) }
            #expect(try await !cache.effectiveRoles(userID: user.id, load: loadRoles).realm.contains("auditor"))
            let role = Role(realmID: realm.id, clientID: nil, name: "auditor")
            try await h.stores.roles.create(role, logger: h.logger)
            try await h.stores.roles.grant([role.id], to: .user(user.id), logger: h.logger)
            #expect(try await eventually {
                try await cache.effectiveRoles(userID: user.id, load: loadRoles).realm.contains("auditor")
            })
        }
    }

    @Test func adminWritesFlushTheLocalCacheAtOnce() {
        typealias Flush = CacheFlushMiddleware<ServiceRequestContext>
        #expect(Flush.changesState(method: .put, path: "/admin/realms/ohif/clients/x"))
        #expect(Flush.changesState(method: .post, path: "/auth/admin/realms/ohif/users"))
        #expect(!Flush.changesState(method: .get, path: "/admin/realms/ohif/users"))
        #expect(!Flush.changesState(method: .post, path: "/realms/ohif/protocol/openid-connect/token"))
    }
}
