import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IdentityService

/// Required actions: which ones the admin API accepts, what imports keep, and the login
/// walking TERMS_AND_CONDITIONS then UPDATE_PROFILE (or declining the terms) in-process on
/// real PostgreSQL.
@Suite struct RequiredActionTests {
    @Test func onlyActionsTheLoginCarriesOutAreAccepted() async throws {
        #expect(try RequiredAction.checked(["UPDATE_PROFILE", "terms_and_conditions", "UPDATE_PROFILE"]) == ["UPDATE_PROFILE", "TERMS_AND_CONDITIONS"])
        #expect(throws: IdentityError.self) { try RequiredAction.checked(["VERIFY_EMAIL"]) }
        do {
            _ = try RequiredAction.checked(["CONFIGURE_TOTP"])
        } catch let error as IdentityError {
            #expect(error.status == .badRequest && error.reason.contains("CONFIGURE_TOTP is not supported") && error.reason.contains("UPDATE_PROFILE"))
        }
        try await IdentityHarness.with { h in
            let realm = try await h.makeRealm()
            let user = try await h.makeUser(realm, "alice")
            let admin = UserAdmin(flows: h.flows)
            var representation = UserRepresentation()
            representation.requiredActions = ["VERIFY_EMAIL"]
            await #expect(throws: IdentityError.self) { try await admin.update(realm, id: user.id.uuidString, representation, logger: h.logger) }
            representation.username = "bob"
            await #expect(throws: IdentityError.self) { _ = try await admin.create(realm, representation, logger: h.logger) }
            representation.requiredActions = ["UPDATE_PROFILE", "TERMS_AND_CONDITIONS"]
            try await admin.update(realm, id: user.id.uuidString, representation, logger: h.logger)
            #expect(try await h.stores.users.user(realmID: realm.id, id: user.id, logger: h.logger)?.requiredActions == ["UPDATE_PROFILE", "TERMS_AND_CONDITIONS"])

            // A Keycloak export's VERIFY_EMAIL is dropped on import, the old terms spelling kept.
            let file = #"{"realm": "imported", "users": [{"username": "carol", "requiredActions": ["VERIFY_EMAIL", "terms_and_conditions"]}]}"#
            _ = try await RealmAdmin(flows: h.flows).create(Data(file.utf8), logger: h.logger)
            let imported = try #require(try await h.stores.realms.realm(named: "imported", logger: h.logger))
            let carol = try #require(try await h.stores.users.users(realmID: imported.id, query: UserQuery(), logger: h.logger).first)
            #expect(carol.requiredActions == ["TERMS_AND_CONDITIONS"])
        }
    }

    /// The realm, a public client and a user with `actions`, no names and no email.
    func setUp(_ h: IdentityHarness, actions: [String]) async throws -> (Realm, User) {
        let realm = try await h.makeRealm()
        try await h.makeClient(realm, "spa") {
            $0.publicClient = true
            $0.redirectUris = ["https://app.example.org/cb"]
        }
        try await h.makeUser(realm, "taken", email: "taken@example.org")
        var user = try await h.makeUser(realm, "alice")
        user.firstName = nil
        user.lastName = nil
        user.requiredActions = actions
        try await h.stores.users.update(user, logger: h.logger)
        return (realm, user)
    }

    /// Hidden fields and the action of the page's form.
    func form(_ response: TestResponse) throws -> (action: String, fields: [String: String]) {
        let html = String(buffer: response.body)
        let action = try #require(html.firstMatch(of: /<form[^>]*action="([^"]+)"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
        var fields: [String: String] = [:]
        for match in html.matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)"/) { fields[String(match.1)] = String(match.2) }
        return ("/realms/test/login-actions/" + action, fields)
    }

    /// Signs in through the login form and returns the first page after the password.
    func signIn(_ client: some TestClientProtocol) async throws -> TestResponse {
        let query = AuthorizationFlowTests().authorizeQuery()
        let page = try await client.execute(uri: "/realms/test/protocol/openid-connect/auth?\(query)", method: .get)
        let csrf = try #require(page.headers[.setCookie]?.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(String.init))
        var headers = formHeaders()
        headers[.cookie] = "TESSERA_CSRF=\(csrf)"
        return try await client.execute(uri: "/realms/test/login-actions/authenticate?\(query)", method: .post, headers: headers,
                                        body: formBody(["username": "alice", "password": "correct horse", "csrf_token": csrf]))
    }

    func submit(_ client: some TestClientProtocol, _ page: TestResponse, _ extra: [String: String]) async throws -> TestResponse {
        let (action, fields) = try form(page)
        var headers = formHeaders()
        headers[.cookie] = "TESSERA_CSRF=\(fields["csrf_token"] ?? "")"
        return try await client.execute(uri: action, method: .post, headers: headers, body: formBody(fields.merging(extra) { _, new in new }))
    }

    @Test func termsThenProfileThenCode() async throws {
        try await IdentityHarness.with { h in
            let (realm, user) = try await setUp(h, actions: ["UPDATE_PROFILE", "TERMS_AND_CONDITIONS"])
            try await h.application().test(.router) { client in
                let terms = try await signIn(client)
                #expect(String(buffer: terms.body).contains("kc-terms-form"))
                #expect(try form(terms).fields["execution"] == "TERMS_AND_CONDITIONS")
                // The action token is bound to the user's next action: skipping the terms is refused.
                let skipped = try await submit(client, terms, ["execution": "UPDATE_PROFILE", "email": "a@example.org", "firstName": "A", "lastName": "L"])
                #expect(String(buffer: skipped.body).contains("timed out"))

                let profile = try await submit(client, terms, ["accept": "accept"])
                #expect(String(buffer: profile.body).contains("kc-update-profile-form"))
                let missing = try await submit(client, profile, ["email": "taken@example.org", "firstName": "", "lastName": "Lovelace"])
                let missingHTML = String(buffer: missing.body)
                #expect(missingHTML.contains("Please specify first name.") && missingHTML.contains("input-error-firstName"))
                #expect(missingHTML.contains("value=\"Lovelace\""))
                let taken = try await submit(client, missing, ["email": "taken@example.org", "firstName": "Ada", "lastName": "Lovelace"])
                #expect(String(buffer: taken.body).contains("Email already exists."))
                let invalid = try await submit(client, taken, ["email": "not an email", "firstName": "Ada", "lastName": "Lovelace"])
                #expect(String(buffer: invalid.body).contains("Invalid email address."))
                let done = try await submit(client, invalid, ["email": "Ada@Example.org", "firstName": "Ada", "lastName": "Lovelace"])
                #expect(done.status == .found)
                #expect(done.headers[.location]?.contains("code=") == true)

                let saved = try #require(try await h.stores.users.user(realmID: realm.id, id: user.id, logger: h.logger))
                #expect(saved.requiredActions.isEmpty)
                #expect(saved.email == "ada@example.org" && saved.firstName == "Ada" && saved.lastName == "Lovelace" && !saved.emailVerified)
                #expect(saved.attributes["terms_and_conditions"]?.count == 1)
                let events = try await h.stores.events.events(realmID: realm.id, types: ["UPDATE_PROFILE", "CUSTOM_REQUIRED_ACTION"], first: 0, max: 10,
                                                              logger: h.logger)
                #expect(Set(events.map(\.type)) == ["UPDATE_PROFILE", "CUSTOM_REQUIRED_ACTION"])
                #expect(events.first { $0.type == "UPDATE_PROFILE" }?.details["context"] == "UPDATE_PROFILE")
            }
        }
    }

    @Test func decliningTheTermsEndsTheLoginWithAccessDenied() async throws {
        try await IdentityHarness.with { h in
            let (realm, user) = try await setUp(h, actions: ["TERMS_AND_CONDITIONS"])
            try await h.application().test(.router) { client in
                let terms = try await signIn(client)
                let declined = try await submit(client, terms, ["cancel": "cancel"])
                #expect(declined.status == .found)
                let location = try #require(declined.headers[.location])
                #expect(location.hasPrefix("https://app.example.org/cb?error=access_denied&state=st"))
                #expect(declined.headers[.setCookie]?.contains("TESSERA_IDENTITY") != true)
                let saved = try #require(try await h.stores.users.user(realmID: realm.id, id: user.id, logger: h.logger))
                #expect(saved.requiredActions == ["TERMS_AND_CONDITIONS"])
                let events = try await h.stores.events.events(realmID: realm.id, types: ["CUSTOM_REQUIRED_ACTION_ERROR"], first: 0, max: 10, logger: h.logger)
                #expect(events.first?.error == "rejected_by_user")
                #expect(try await h.stores.sessions.sessions(userID: user.id, logger: h.logger).isEmpty)
            }
        }
    }
}
