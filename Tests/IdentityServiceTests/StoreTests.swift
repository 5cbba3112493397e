import Foundation
import Testing
@testable import IdentityService

@Suite struct StoreTests {
    @Test func realmCreationMakesDefaultRoleAndManagementClient() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm("alpha")
            let loaded = try #require(try await h.stores.realms.realm(named: "alpha", logger: h.logger))
            #expect(loaded == realm)
            #expect(loaded.settings.passwordPolicy == "hashIterations(1000)")
            let defaultRoleID = try #require(realm.defaultRoleID)
            let defaultRole = try #require(try await h.stores.roles.role(realmID: realm.id, id: defaultRoleID, logger: h.logger))
            #expect(defaultRole.name == "default-roles-alpha")
            let management = try #require(try await h.stores.clients.client(realmID: realm.id, clientID: "realm-management", logger: h.logger))
            let admin = try #require(try await h.stores.roles.role(realmID: realm.id, clientID: management.id, name: "realm-admin", logger: h.logger))
            #expect(admin.composite)
            await #expect(throws: IdentityError.self) { _ = try await h.makeRealm("alpha") }
        }
    }

    @Test func clientRoundTripsEveryField() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let created = try await h.makeClient(realm, "viewer") {
                $0.publicClient = true
                $0.redirectUris = ["https://x.org/cb"]
                $0.webOrigins = ["+"]
                $0.attributes = ["pkce.code.challenge.method": "S256", "post.logout.redirect.uris": "+##https://x.org/bye"]
            }
            let loaded = try #require(try await h.stores.clients.client(realmID: realm.id, clientID: "viewer", logger: h.logger))
            #expect(loaded == created)
            #expect(loaded.secret == nil)
            #expect(loaded.postLogoutRedirectURIs == ["https://x.org/cb", "https://x.org/bye"])
            let confidential = try await h.makeClient(realm, "backend")
            #expect(confidential.secret?.isEmpty == false)
            await #expect(throws: IdentityError(.conflict, "Client viewer already exists")) { try await h.makeClient(realm, "viewer") }
            let listed = try await h.stores.clients.clients(realmID: realm.id, clientID: nil, first: 0, max: 100, logger: h.logger)
            #expect(listed.map(\.clientID) == ["backend", "realm-management", "viewer"])
        }
    }

    @Test func userSearchCountAndPaging() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            for index in 0..<5 { try await h.makeUser(realm, "user\(index)", email: "user\(index)@example.org") }
            try await h.makeUser(realm, "Zed", email: "zed@other.org")
            var query = UserQuery()
            query.search = "example"
            #expect(try await h.stores.users.count(realmID: realm.id, query: query, logger: h.logger) == 5)
            query.first = 2
            query.max = 2
            #expect(try await h.stores.users.users(realmID: realm.id, query: query, logger: h.logger).map(\.username) == ["user2", "user3"])
            var exact = UserQuery()
            exact.username = "ZED"
            exact.exact = true
            #expect(try await h.stores.users.users(realmID: realm.id, query: exact, logger: h.logger).map(\.username) == ["zed"])
            var like = UserQuery()
            like.search = "%"
            #expect(try await h.stores.users.count(realmID: realm.id, query: like, logger: h.logger) == 0)
            let byEmail = try await h.stores.users.user(realmID: realm.id, usernameOrEmail: "ZED@other.org", orEmail: true, logger: h.logger)
            #expect(byEmail?.username == "zed")
            await #expect(throws: IdentityError.self) { try await h.makeUser(realm, "user0") }
            await #expect(throws: IdentityError.self) { try await h.makeUser(realm, "fresh", email: "user1@example.org") }
        }
    }

    @Test func effectiveRolesFollowCompositesGroupsAndDefaultRole() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let builder = RealmContentBuilder(stores: h.stores, hasher: PasswordHasher(), realm: realm)
            let read = try await builder.createRole(RoleRepresentation(name: "read"), clientID: nil, logger: h.logger)
            let write = try await builder.createRole(RoleRepresentation(name: "write"), clientID: nil, logger: h.logger)
            let admin = try await builder.createRole(RoleRepresentation(name: "admin"), clientID: nil, logger: h.logger)
            try await h.stores.roles.addComposites([write.id], to: admin.id, logger: h.logger)
            try await h.stores.roles.addComposites([read.id], to: try #require(realm.defaultRoleID), logger: h.logger)
            let app = try await h.makeClient(realm, "app")
            let appRole = try await builder.createRole(RoleRepresentation(name: "operator"), clientID: app.id, logger: h.logger)
            var group = GroupRepresentation()
            group.name = "parent"
            group.clientRoles = ["app": ["operator"]]
            var child = GroupRepresentation()
            child.name = "child"
            group.subGroups = [child]
            try await builder.createGroup(group, parentID: nil, logger: h.logger)
            let user = try await h.makeUser(realm, "alice", roles: ["admin"])
            let childGroup = try #require(try await builder.group(path: "/parent/child", logger: h.logger))
            try await h.stores.groups.addMember(userID: user.id, groupID: childGroup.id, logger: h.logger)
            let roles = try await h.stores.roles.effectiveRoles(userID: user.id, logger: h.logger)
            #expect(roles.realm == ["default-roles-test", "offline_access", "read", "admin", "write"])
            #expect(roles.clients == ["app": ["operator"]])
            #expect(appRole.clientID == app.id)
            try await h.stores.roles.revoke([admin.id], from: .user(user.id), logger: h.logger)
            #expect(try await h.stores.roles.effectiveRoles(userID: user.id, logger: h.logger).realm == ["default-roles-test", "offline_access", "read"])
        }
    }

    @Test func codesAreSingleUse() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let client = try await h.makeClient(realm, "app")
            let user = try await h.makeUser(realm, "alice")
            let session = SSOSession(realmID: realm.id, userID: user.id, authTime: Date(), lastRefresh: Date())
            try await h.stores.sessions.create(session, ipAddress: nil, logger: h.logger)
            let code = AuthorizationCode(sessionID: session.id, clientID: client.id, redirectURI: "https://x/cb", scope: "openid",
                                         nonce: "n", codeChallenge: nil, codeChallengeMethod: nil, expiresAt: Date().addingTimeInterval(60))
            let digest = RandomToken.digest("the-code")
            try await h.stores.grants.saveCode(code, digest: digest, logger: h.logger)
            guard case .redeemed(let first) = try await h.stores.grants.redeemCode(digest: digest, logger: h.logger) else {
                Issue.record("first redemption must succeed"); return
            }
            #expect(first.sessionID == code.sessionID && first.redirectURI == code.redirectURI && first.nonce == "n")
            #expect(abs(first.expiresAt.timeIntervalSince(code.expiresAt)) < 0.001)
            guard case .reused = try await h.stores.grants.redeemCode(digest: digest, logger: h.logger) else {
                Issue.record("second redemption must be a reuse"); return
            }
            #expect(try await h.stores.grants.redeemCode(digest: RandomToken.digest("other"), logger: h.logger) == .unknown)
        }
    }

    @Test func signingKeysRotateAndStayPublished() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let ring = h.flows.keys
            let before = try await ring.jwks(realmID: realm.id, logger: h.logger)
            #expect(before.count == 1)
            var claims = TokenClaims(kind: .access, issuer: "i", clientID: "c", issuedAt: Date(), lifespan: 60)
            claims.sub = "s"
            let oldToken = try await ring.sign(claims, realmID: realm.id, logger: h.logger)
            try await ring.rotate(realmID: realm.id, logger: h.logger)
            let after = try await ring.jwks(realmID: realm.id, logger: h.logger)
            #expect(after.count == 2)
            #expect(after.map { $0["kid"] }.contains(before[0]["kid"]))
            #expect(try await ring.verify(oldToken, realmID: realm.id, logger: h.logger).sub == "s")
            let otherReplica = SigningKeyRing(store: h.stores.signingKeys)
            #expect(try await otherReplica.jwks(realmID: realm.id, logger: h.logger).map { $0["kid"] } == after.map { $0["kid"] })
        }
    }

    @Test func purgeRemovesExpiredSessionsAndCodes() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm { $0.ssoSessionIdleTimeout = 60 }
            let client = try await h.makeClient(realm, "app")
            let user = try await h.makeUser(realm, "alice")
            let now = Date()
            let stale = SSOSession(realmID: realm.id, userID: user.id, authTime: now.addingTimeInterval(-600), lastRefresh: now.addingTimeInterval(-120))
            let fresh = SSOSession(realmID: realm.id, userID: user.id, authTime: now, lastRefresh: now)
            try await h.stores.sessions.create(stale, ipAddress: nil, logger: h.logger)
            try await h.stores.sessions.create(fresh, ipAddress: nil, logger: h.logger)
            let expired = AuthorizationCode(sessionID: fresh.id, clientID: client.id, redirectURI: "https://x/cb", scope: "openid", nonce: nil,
                                            codeChallenge: nil, codeChallengeMethod: nil, expiresAt: now.addingTimeInterval(-1))
            try await h.stores.grants.saveCode(expired, digest: RandomToken.digest("old"), logger: h.logger)
            try await h.stores.grants.purgeExpired(before: now, logger: h.logger)
            #expect(try await h.stores.sessions.session(id: stale.id, logger: h.logger) == nil)
            #expect(try await h.stores.sessions.session(id: fresh.id, logger: h.logger) != nil)
            guard case .unknown = try await h.stores.grants.redeemCode(digest: RandomToken.digest("old"), logger: h.logger) else {
                Issue.record("expired code must be gone"); return
            }
        }
    }

    @Test func loginRehashesWhenThePolicyChanged() async throws {
        try await IdentityHarness.with { h in
            var realm = try await h.makeRealm()
            let user = try await h.makeUser(realm, "alice")
            realm.settings.passwordPolicy = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1100)"
            try await h.stores.realms.update(realm, logger: h.logger)
            let authenticator = UserAuthenticator(users: h.stores.users, failures: h.stores.loginFailures, events: h.flows.events)
            _ = try await authenticator.authenticate(login: "alice", password: "correct horse", realm: realm, clientID: "x", ipAddress: nil, logger: h.logger)
            let credential = try #require(try await h.stores.users.password(userID: user.id, logger: h.logger))
            #expect(credential.algorithm == .pbkdf2SHA256 && credential.iterations == 1100)
            _ = try await authenticator.authenticate(login: "alice", password: "correct horse", realm: realm, clientID: "x", ipAddress: nil, logger: h.logger)
        }
    }
}
