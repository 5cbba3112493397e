import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

/// The admin console and account page routes in-process, on a real PostgreSQL database:
/// sign-in redirects (PKCE), CSRF, authorization by the admin API's rule, inline policy
/// errors, token renewal and admin events.
@Suite struct ConsoleRoutesTests {
    static let csrf = String(repeating: "c", count: 43)

    /// A signed-in console browser: cookies for tokens of `clientID` plus the CSRF cookie.
    func cookies(_ h: IdentityHarness, realm: Realm, user: User, clientID: String = ConsoleClients.adminConsole) async throws -> (String, SSOSession) {
        let clients = ConsoleClients(stores: h.stores, origins: [IdentityHarness.publicURL])
        let client = clientID == ConsoleClients.adminConsole ? try await clients.ensureAdminConsole(in: realm, logger: h.logger)
            : try await clients.ensureAccountConsole(in: realm, logger: h.logger)
        let session = SSOSession(realmID: realm.id, userID: user.id, authTime: Date(), lastRefresh: Date())
        try await h.stores.sessions.create(session, ipAddress: nil, logger: h.logger)
        let tokens = try await h.flows.issuer.issue(.init(realm: realm, client: client, user: user, session: session, scope: "openid"),
                                                    withRefreshToken: true, logger: h.logger)
        let name = clientID == ConsoleClients.adminConsole ? "TESSERA_CONSOLE" : "TESSERA_ACCOUNT_\(realm.name)"
        return ("\(name)=\(tokens.accessToken); \(name)_RT=\(tokens.refreshToken ?? ""); TESSERA_CSRF=\(Self.csrf)", session)
    }

    /// The master realm with an `admin` user, and a `test` realm.
    func setUp(_ h: IdentityHarness, policy: String = "hashIterations(1000)") async throws -> (master: Realm, realm: Realm, admin: User) {
        let master = try await h.makeRealm(MasterRealmBootstrap.realmName)
        try await RealmContentBuilder(stores: h.stores, hasher: PasswordHasher(), realm: master)
            .createRole(RoleRepresentation(name: "admin"), clientID: nil, logger: h.logger)
        let admin = try await h.makeUser(master, "root", roles: ["admin"])
        let realm = try await h.makeRealm("test", policy: policy)
        return (master, realm, admin)
    }

    func post(_ fields: [String: String], cookie: String) -> (HTTPFields, ByteBuffer) {
        var headers = formHeaders()
        headers[.cookie] = cookie
        return (headers, formBody(fields))
    }

    @Test func signInIsTheRealmsCodeFlowWithPKCE() async throws {
        try await IdentityHarness.with { h in
            _ = try await setUp(h)
            try await h.application().test(.router) { client in
                let page = try await client.execute(uri: "/admin/console/realms/test/users", method: .get)
                #expect(page.status == .seeOther)
                #expect(page.headers[.location]?.hasPrefix("/admin/console/signin/master?return=%2Fadmin%2Fconsole%2Frealms%2Ftest%2Fusers") == true)
                let start = try await client.execute(uri: "/auth/admin/console/signin/master", method: .get)
                let location = try #require(start.headers[.location])
                #expect(location.hasPrefix("/auth/realms/master/protocol/openid-connect/auth?"))
                #expect(location.contains("client_id=security-admin-console") && location.contains("code_challenge_method=S256"))
                let cookie = try #require(start.headers[.setCookie])
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Secure"))
                let keycloakURL = try await client.execute(uri: "/auth/admin/test/console/", method: .get)
                #expect(keycloakURL.headers[.location] == "/auth/admin/console/signin/test")
                let forged = try await client.execute(uri: "/admin/console/signin/master/callback?code=abc&state=wrong", method: .get,
                                                      headers: [.cookie: "TESSERA_CONSOLE_FLOW=" + Base64URL.encode(Array("right verifier /admin/".utf8))])
                #expect(forged.status == .badRequest)
                #expect(String(buffer: forged.body).contains("Your sign-in expired"))
            }
            let stored = try await h.stores.clients.client(realmID: try #require(try await h.stores.realms.realm(named: "master", logger: h.logger)).id,
                                                           clientID: ConsoleClients.adminConsole, logger: h.logger)
            #expect(stored?.publicClient == true && stored?.requiredPKCEMethod == "S256")
            #expect(stored?.redirectURIs.contains("\(IdentityHarness.publicURL)/auth/admin/*") == true)
        }
    }

    @Test func addingAUserNeedsTheCSRFTokenAndRecordsAnAdminEvent() async throws {
        try await IdentityHarness.with { h in
            let (master, realm, admin) = try await setUp(h)
            let (cookie, _) = try await cookies(h, realm: master, user: admin)
            try await h.application().test(.router) { client in
                let list = try await client.execute(uri: "/admin/console/realms/test/users", method: .get, headers: [.cookie: cookie])
                #expect(list.status == .ok)
                #expect(list.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(String(buffer: list.body).contains("id=\"add-user\""))
                let fields = ["username": "test", "emailVerified": "on", "enabled": "on"]
                let (headers, body) = post(fields, cookie: cookie)
                let refused = try await client.execute(uri: "/admin/console/realms/test/users/add", method: .post, headers: headers, body: body)
                #expect(refused.status == .badRequest)
                var withToken = fields
                withToken["csrf_token"] = Self.csrf
                let created = try await client.execute(uri: "/admin/console/realms/test/users/add", method: .post, headers: headers, body: formBody(withToken))
                #expect(created.status == .seeOther)
                #expect(created.headers[.location]?.hasSuffix("?notice=created") == true)
            }
            let user = try #require(try await h.stores.users.user(realmID: realm.id, usernameOrEmail: "test", orEmail: false, logger: h.logger))
            #expect(user.emailVerified && user.enabled)
            let events = try await h.stores.events.events(realmID: realm.id, types: ["ADMIN_CREATE"], first: 0, max: 10, logger: h.logger)
            #expect(events.count == 1)
        }
    }

    @Test func passwordPolicyErrorsShowInlineAndTemporaryAddsUpdatePassword() async throws {
        try await IdentityHarness.with { h in
            let (master, realm, admin) = try await setUp(h, policy: "length(12) and hashIterations(1000)")
            let (cookie, _) = try await cookies(h, realm: master, user: admin)
            let user = try await h.makeUser(realm, "reader", password: "a-long-enough-one")
            let uri = "/admin/console/realms/test/users/\(user.id.uuidString.lowercased())/credentials"
            try await h.application().test(.router) { client in
                let (headers, _) = post([:], cookie: cookie)
                let weak = try await client.execute(uri: uri, method: .post, headers: headers,
                                                    body: formBody(["csrf_token": Self.csrf, "password": "short", "password-confirm": "short"]))
                #expect(weak.status == .badRequest)
                #expect(String(buffer: weak.body).contains("minimum length 12"))
                let good = try await client.execute(uri: uri, method: .post, headers: headers, body: formBody([
                    "csrf_token": Self.csrf, "password": "twelve chars!", "password-confirm": "twelve chars!", "temporary": "on"]))
                #expect(good.status == .seeOther)
            }
            let updated = try #require(try await h.stores.users.user(realmID: realm.id, id: user.id, logger: h.logger))
            #expect(updated.requiredActions == [updatePasswordAction])
        }
    }

    @Test func viewOnlyRealmAdminSeesButCannotChange() async throws {
        try await IdentityHarness.with { h in
            let (_, realm, _) = try await setUp(h)
            let auditor = try await h.makeUser(realm, "auditor")
            let management = try #require(try await h.stores.clients.client(realmID: realm.id, clientID: RealmProvisioner.managementClientID, logger: h.logger))
            let role = try #require(try await h.stores.roles.role(realmID: realm.id, clientID: management.id, name: "view-users", logger: h.logger))
            try await h.stores.roles.grant([role.id], to: .user(auditor.id), logger: h.logger)
            let (cookie, _) = try await cookies(h, realm: realm, user: auditor)
            try await h.application().test(.router) { client in
                let list = try await client.execute(uri: "/admin/console/realms/test/users", method: .get, headers: [.cookie: cookie])
                #expect(list.status == .ok)
                #expect(!String(buffer: list.body).contains("id=\"add-user\""))
                let (headers, _) = post([:], cookie: cookie)
                let add = try await client.execute(uri: "/admin/console/realms/test/users/add", method: .post, headers: headers,
                                                   body: formBody(["csrf_token": Self.csrf, "username": "sneaky"]))
                #expect(add.status == .forbidden)
                let clients = try await client.execute(uri: "/admin/console/realms/test/clients", method: .get, headers: [.cookie: cookie])
                #expect(clients.status == .forbidden)
                let master = try await client.execute(uri: "/admin/console/realms/master/users", method: .get, headers: [.cookie: cookie])
                #expect(master.status == .forbidden)
            }
            #expect(try await h.stores.users.user(realmID: realm.id, usernameOrEmail: "sneaky", orEmail: false, logger: h.logger) == nil)
        }
    }

    @Test func anExpiredAccessTokenIsRenewedWithTheRefreshToken() async throws {
        try await IdentityHarness.with { h in
            let (master, _, admin) = try await setUp(h)
            let (cookie, _) = try await cookies(h, realm: master, user: admin)
            let parts = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let access = String(parts[0].split(separator: "=", maxSplits: 1)[1])
            let tampered = parts.map { $0.hasPrefix("TESSERA_CONSOLE=") ? "TESSERA_CONSOLE=\(access.dropLast(4))AAAA" : $0 }.joined(separator: "; ")
            try await h.application().test(.router) { client in
                let page = try await client.execute(uri: "/admin/console/realms/master/keys", method: .get, headers: [.cookie: tampered])
                #expect(page.status == .ok)
                #expect(page.headers[values: .setCookie].contains { $0.hasPrefix("TESSERA_CONSOLE=") })
                let noRefresh = parts.filter { !$0.hasPrefix("TESSERA_CONSOLE_RT=") }.map { $0.hasPrefix("TESSERA_CONSOLE=") ? "TESSERA_CONSOLE=x.y.z" : $0 }
                let out = try await client.execute(uri: "/admin/console/realms/master/keys", method: .get, headers: [.cookie: noRefresh.joined(separator: "; ")])
                #expect(out.status == .seeOther)
            }
        }
    }

    @Test func accountPasswordChangeChecksTheCurrentPasswordAndEndsOtherSessions() async throws {
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm("test")
            let user = try await h.makeUser(realm, "patient", password: "original password")
            let other = SSOSession(realmID: realm.id, userID: user.id, authTime: Date(), lastRefresh: Date())
            try await h.stores.sessions.create(other, ipAddress: nil, logger: h.logger)
            let (cookie, current) = try await cookies(h, realm: realm, user: user, clientID: ConsoleClients.accountConsole)
            try await h.application().test(.router) { client in
                let page = try await client.execute(uri: "/realms/test/account", method: .get, headers: [.cookie: cookie])
                #expect(page.status == .ok)
                let (headers, _) = post([:], cookie: cookie)
                let wrong = try await client.execute(uri: "/realms/test/account/password", method: .post, headers: headers, body: formBody([
                    "csrf_token": Self.csrf, "password": "guess", "password-new": "new password 1", "password-confirm": "new password 1", "signOutOthers": "on"]))
                #expect(wrong.status == .badRequest)
                #expect(String(buffer: wrong.body).contains("Invalid existing password"))
                let right = try await client.execute(uri: "/realms/test/account/password", method: .post, headers: headers, body: formBody([
                    "csrf_token": Self.csrf, "password": "original password", "password-new": "new password 1", "password-confirm": "new password 1",
                    "signOutOthers": "on"]))
                #expect(right.status == .seeOther)
            }
            let sessions = try await h.stores.sessions.sessions(userID: user.id, logger: h.logger).map(\.id)
            #expect(sessions == [current.id])
            let failures = try await h.stores.events.events(realmID: realm.id, types: ["LOGIN_ERROR", "UPDATE_PASSWORD"], first: 0, max: 10, logger: h.logger)
            #expect(Set(failures.map(\.type)) == ["LOGIN_ERROR", "UPDATE_PASSWORD"])
        }
    }

    @Test func lockedUserIsShownAndUnlockedThenDeletedAfterConfirmation() async throws {
        try await IdentityHarness.with { h in
            let (master, _, admin) = try await setUp(h)
            let realm = try await h.makeRealm("locked") {
                $0.bruteForceProtected = true
                $0.failureFactor = 2
            }
            let user = try await h.makeUser(realm, "victim")
            let authenticator = UserAuthenticator(users: h.stores.users, failures: h.stores.loginFailures, events: h.flows.events)
            for _ in 0..<3 {
                _ = try? await authenticator.authenticate(login: "victim", password: "wrong", realm: realm, clientID: "x", ipAddress: nil, logger: h.logger)
            }
            let (cookie, _) = try await cookies(h, realm: master, user: admin)
            let path = "/admin/console/realms/locked/users/\(user.id.uuidString.lowercased())"
            try await h.application().test(.router) { client in
                let details = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
                #expect(String(buffer: details.body).contains("temporarily locked"))
                let (headers, _) = post([:], cookie: cookie)
                let unlock = try await client.execute(uri: path + "/unlock", method: .post, headers: headers, body: formBody(["csrf_token": Self.csrf]))
                #expect(unlock.status == .seeOther)
                let confirm = try await client.execute(uri: path + "/delete", method: .get, headers: [.cookie: cookie])
                #expect(String(buffer: confirm.body).contains("Delete user"))
                let delete = try await client.execute(uri: path + "/delete", method: .post, headers: headers, body: formBody(["csrf_token": Self.csrf]))
                #expect(delete.headers[.location] == "/admin/console/realms/locked/users?notice=deleted")
            }
            #expect(try await h.stores.loginFailures.failures(userID: user.id, logger: h.logger).failures == 0)
            #expect(try await h.stores.users.user(realmID: realm.id, id: user.id, logger: h.logger) == nil)
        }
    }
}
