import Foundation
import Testing
@testable import IdentityService

/// The token endpoint's fast paths: refresh redemption in one statement, events written
/// behind the requests, and the hand-written JSON of claims and answers.
@Suite struct GrantFastPathTests {
    /// A session of `alice` with one refresh token of `app`.
    func refreshFixture(_ h: IdentityHarness, _ realm: Realm, authTime: Date = Date(), lastRefresh: Date = Date(),
                        offline: Bool = false) async throws -> (Client, User, SSOSession, RefreshTokenRecord) {
        let client = try await h.makeClient(realm, "app")
        let user = try await h.makeUser(realm, "alice")
        let session = SSOSession(realmID: realm.id, userID: user.id, authTime: authTime, lastRefresh: lastRefresh, offline: offline)
        try await h.stores.sessions.create(session, ipAddress: nil, logger: h.logger)
        let record = RefreshTokenRecord(sessionID: session.id, clientID: client.id, scope: "openid", expiresAt: Date().addingTimeInterval(600))
        try await h.stores.grants.saveRefreshToken(record, logger: h.logger)
        return (client, user, session, record)
    }

    func request(_ record: RefreshTokenRecord, _ client: Client, _ user: User, _ realm: Realm, offline: Bool = false,
                 now: Date = Date()) -> RefreshRequest {
        RefreshRequest(tokenID: record.id, clientID: client.id, sessionID: record.sessionID, userID: user.id, offline: offline,
                       settings: realm.settings, now: now)
    }

    @Test func rotatingRedemptionIsSingleUseAndStoresTheReplacement() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm { $0.revokeRefreshToken = true }
            let (client, user, session, record) = try await refreshFixture(h, realm, authTime: Date().addingTimeInterval(-100))
            let now = Date()
            guard case .redeemed(let before, let replacement) = try await h.stores.grants.redeemRefreshToken(
                request(record, client, user, realm, now: now), logger: h.logger) else { Issue.record("must redeem"); return }
            #expect(before.id == session.id && before.userID == user.id)
            #expect(replacement.scope == "openid" && replacement.sessionID == session.id)
            let expected = SSOSession(id: session.id, realmID: realm.id, userID: user.id, authTime: before.authTime, lastRefresh: now)
                .refreshTokenExpiry(realm.settings, now: now)
            #expect(abs(replacement.expiresAt.timeIntervalSince(expected)) < 0.001)
            let stored = try #require(try await h.stores.grants.refreshToken(id: replacement.id, logger: h.logger))
            #expect(stored.clientID == client.id && stored.usedAt == nil)
            #expect(try await h.stores.grants.refreshToken(id: record.id, logger: h.logger)?.usedAt != nil)
            let touched = try #require(try await h.stores.sessions.session(id: session.id, logger: h.logger))
            #expect(abs(touched.lastRefresh.timeIntervalSince(now)) < 0.001)
            guard case .reused(let reusedSession) = try await h.stores.grants.redeemRefreshToken(
                request(record, client, user, realm), logger: h.logger) else { Issue.record("second use is a reuse"); return }
            #expect(reusedSession.id == session.id)
        }
    }

    @Test func withoutRotationATokenRedeemsAgain() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm { $0.revokeRefreshToken = false }
            let (client, user, _, record) = try await refreshFixture(h, realm)
            for _ in 0..<2 {
                guard case .redeemed = try await h.stores.grants.redeemRefreshToken(request(record, client, user, realm), logger: h.logger) else {
                    Issue.record("must redeem"); return
                }
            }
        }
    }

    @Test func concurrentRedemptionsOfOneTokenRedeemOnce() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm { $0.revokeRefreshToken = true }
            let (client, user, _, record) = try await refreshFixture(h, realm)
            let outcomes = try await withThrowingTaskGroup(of: RefreshRedemption.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await h.stores.grants.redeemRefreshToken(request(record, client, user, realm), logger: h.logger) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { if case .redeemed = $0 { true } else { false } }.count == 1)
            #expect(outcomes.filter { if case .reused = $0 { true } else { false } }.count == 7)
        }
    }

    @Test func refusesOtherClientsRevokedTokensWrongClaimsAndEndedSessions() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm { $0.ssoSessionIdleTimeout = 60 }
            let (client, user, session, record) = try await refreshFixture(h, realm)
            let other = try await h.makeClient(realm, "other")
            let grants = h.stores.grants
            #expect(try await grants.redeemRefreshToken(request(record, other, user, realm), logger: h.logger) == .invalid)
            var wrongUser = request(record, client, user, realm)
            wrongUser.userID = UUID()
            #expect(try await grants.redeemRefreshToken(wrongUser, logger: h.logger) == .invalid)
            #expect(try await grants.redeemRefreshToken(request(record, client, user, realm, offline: true), logger: h.logger) == .invalid)
            #expect(try await grants.redeemRefreshToken(request(record, client, user, realm, now: Date().addingTimeInterval(120)),
                                                        logger: h.logger) == .sessionInactive)
            try await grants.revokeRefreshTokens(sessionID: session.id, clientID: client.id, logger: h.logger)
            #expect(try await grants.redeemRefreshToken(request(record, client, user, realm), logger: h.logger) == .invalid)
        }
    }

    @Test func activityCutoffsAgreeWithIsActive() {
        var settings = RealmSettings()
        settings.ssoSessionIdleTimeout = 100
        settings.ssoSessionMaxLifespan = 1000
        settings.offlineSessionIdleTimeout = 200
        settings.offlineSessionMaxLifespan = 2000
        let now = Date(timeIntervalSince1970: 1_000_000)
        for offline in [false, true] {
            for enabled in [false, true] {
                settings.offlineSessionMaxLifespanEnabled = enabled
                for authAgo in stride(from: 0.0, through: 2500, by: 50.5) {
                    for refreshAgo in stride(from: 0.0, through: min(authAgo, 300), by: 25.25) {
                        let session = SSOSession(realmID: UUID(), userID: UUID(), authTime: now.addingTimeInterval(-authAgo),
                                                 lastRefresh: now.addingTimeInterval(-refreshAgo), offline: offline)
                        let cutoffs = SSOSession.activityCutoffs(settings, offline: offline, now: now)
                        let bySQLRule = session.lastRefresh > cutoffs.lastRefreshAfter && (cutoffs.authTimeAfter.map { session.authTime > $0 } ?? true)
                        #expect(bySQLRule == session.isActive(settings, now: now))
                    }
                }
            }
        }
    }

    @Test func eventsAreWrittenBehindInOrderAndReadsSeeThem() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            for index in 0..<1200 {
                try await h.stores.events.record(IdentityEvent(type: "LOGIN", realmID: realm.id, clientID: "c\(index)",
                                                               details: ["n": "\(index)"]), logger: h.logger)
            }
            // One event of a realm that does not exist: only it is lost, not its batch.
            try await h.stores.events.record(IdentityEvent(type: "LOGIN", realmID: UUID()), logger: h.logger)
            try await h.stores.events.record(IdentityEvent(type: "LOGOUT", realmID: realm.id, clientID: "last"), logger: h.logger)
            let events = try await h.stores.events.events(realmID: realm.id, types: [], first: 0, max: 1000, logger: h.logger)
            #expect(events.first?.type == "LOGOUT")
            #expect(events.dropFirst().first?.details == ["n": "1199"])
            let logins = try await h.stores.events.events(realmID: realm.id, types: ["LOGIN"], first: 1000, max: 1000, logger: h.logger)
            #expect(logins.count == 200)
            #expect(logins.last?.clientID == "c0")
        }
    }

    @Test func eventDetailsKeepEveryCharacter() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let details = ["quote": #"a"b\c"#, "control": "tab\tnew\nline\u{1}", "ünïcode": "ñ ✓ 😀", "empty": ""]
            try await h.stores.events.record(IdentityEvent(type: "LOGIN", realmID: realm.id, details: details), logger: h.logger)
            try await h.stores.events.record(IdentityEvent(type: "LOGOUT", realmID: realm.id), logger: h.logger)
            let events = try await h.stores.events.events(realmID: realm.id, types: [], first: 0, max: 10, logger: h.logger)
            #expect(events.map(\.details) == [[:], details])
            #expect(PostgresEventStore.detailsJSON(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
        }
    }

    @Test func claimsJSONDecodesToTheSameClaims() throws {
        var claims = TokenClaims(kind: .access, issuer: "https://x.org/auth/realms/a", clientID: "app", issuedAt: Date(), lifespan: 300)
        #expect(try JSONDecoder().decode(TokenClaims.self, from: Data(claims.jsonBytes())) == claims)
        claims.aud = .many(["b", "a"])
        claims.sub = "3f1c"
        claims.sid = "s"
        claims.authTime = 17
        claims.nonce = "n\"o\\n\u{1}ce\n\t/é"
        claims.atHash = "h"
        claims.acr = "1"
        claims.allowedOrigins = ["https://x.org", "http://y"]
        claims.realmAccess = RoleList(["z", "a"])
        claims.resourceAccess = ["pacs": RoleList(["read"]), "account": RoleList(["view", "manage"])]
        claims.scope = "openid email"
        claims.emailVerified = false
        claims.name = "Ada \"L\""
        claims.preferredUsername = "ada"
        claims.givenName = "Ada"
        claims.familyName = "L"
        claims.email = "ada@x.org"
        claims.clientID = "app"
        #expect(try JSONDecoder().decode(TokenClaims.self, from: Data(claims.jsonBytes())) == claims)
        claims.aud = .many(["only"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(claims.jsonBytes())) as? [String: Any])
        #expect(object["aud"] as? String == "only")
    }

    @Test func introspectionAndTokenResponsesAreJSONObjects() throws {
        #expect(String(decoding: IntrospectionResponse.inactive.jsonBytes(), as: UTF8.self) == #"{"active":false}"#)
        var claims = TokenClaims(kind: .access, issuer: "i", clientID: "app", issuedAt: Date(), lifespan: 300)
        claims.clientID = "app"
        let active = try #require(try JSONSerialization.jsonObject(with: Data(IntrospectionResponse.active(claims, username: "ada").jsonBytes()))
            as? [String: Any])
        #expect(active["active"] as? Bool == true)
        #expect(active["client_id"] as? String == "app")
        #expect(active["token_type"] as? String == "Bearer")
        #expect(active["username"] as? String == "ada")
        #expect(active["iss"] as? String == "i")
        let response = TokenResponse(accessToken: "a", expiresIn: 300, refreshExpiresIn: 0, refreshToken: nil, idToken: nil,
                                     sessionState: nil, scope: "profile")
        #expect(try JSONDecoder().decode(TokenResponse.self, from: Data(response.jsonBytes())) == response)
    }
}

@Suite struct VerifiedTokenCacheTests {
    @Test func aRememberedTokenStillExpiresAndAnotherRealmDoesNotShareIt() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let other = try await h.makeRealm("other")
            let ring = h.flows.keys
            _ = try await ring.jwks(realmID: realm.id, logger: h.logger)  // creates the keys first
            _ = try await ring.jwks(realmID: other.id, logger: h.logger)
            var claims = TokenClaims(kind: .access, issuer: "i", clientID: "c", issuedAt: Date(), lifespan: 3)
            claims.sub = "s"
            let token = try await ring.sign(claims, realmID: realm.id, logger: h.logger)
            #expect(try await ring.verify(token, realmID: realm.id, logger: h.logger) == claims)
            #expect(try await ring.verify(token, realmID: realm.id, logger: h.logger) == claims, "from the cache")
            await #expect(throws: IdentityError.self) { try await ring.verify(token, realmID: other.id, logger: h.logger) }
            var tampered = Array(token.utf8)
            tampered[tampered.count - 3] = tampered[tampered.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            await #expect(throws: IdentityError.self) {
                try await ring.verify(String(decoding: tampered, as: UTF8.self), realmID: realm.id, logger: h.logger)
            }
            try await Task.sleep(for: .seconds(4))
            await #expect(throws: IdentityError(.invalidToken, "Token is not active")) {
                try await ring.verify(token, realmID: realm.id, logger: h.logger)
            }
            #expect(try await ring.verify(token, realmID: realm.id, allowExpired: true, logger: h.logger) == claims)
        }
    }
}
