import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// Users: list with search and paging, add, details, credentials, role mapping, groups,
/// sessions, brute-force status, delete — all through ``UserAdmin`` and friends.
struct ConsoleUserPages: Sendable {
    let flows: IdentityFlows
    var users: UserAdmin { UserAdmin(flows: flows) }

    /// Required actions the login flow carries out (VERIFY_EMAIL and CONFIGURE_TOTP need email and OTP, which Tessera doesn't have).
    static let requiredActions = RequiredAction.allCases

    func register(on router: some RouterMethods<ServiceRequestContext>, console: ConsoleRoutes) {
        let base = "admin/console/realms/:realm/users"
        router.get("\(base)", use: console.page(.viewUsers, section: "users", list))
        router.get("\(base)/add", use: console.page(.viewUsers, section: "users", addForm))
        router.post("\(base)/add", use: console.page(.viewUsers, section: "users", add))
        router.get("\(base)/:id", use: console.page(.viewUsers, section: "users", details))
        router.post("\(base)/:id", use: console.page(.viewUsers, section: "users", save))
        router.get("\(base)/:id/credentials", use: console.page(.viewUsers, section: "users", credentials))
        router.post("\(base)/:id/credentials", use: console.page(.viewUsers, section: "users", resetPassword))
        router.post("\(base)/:id/unlock", use: console.page(.viewUsers, section: "users", unlock))
        router.get("\(base)/:id/delete", use: console.page(.viewUsers, section: "users", confirmDelete))
        router.post("\(base)/:id/delete", use: console.page(.viewUsers, section: "users", delete))
        ConsoleUserAccessPages(flows: flows).register(on: router, console: console, base: base)
    }

    func list(_ page: ConsolePage) async throws -> ConsoleResult {
        let (first, max) = page.paging
        let search = page.field("search")
        var query = UserQuery()
        query.search = search.isEmpty ? nil : search
        query.first = first
        query.max = max + 1
        let found = try await users.search(page.realm, query: query, logger: page.logger)
        let rows: [[String: Any]] = found.prefix(max).map { user in
            ["id": user.id ?? "", "username": user.username ?? "", "email": user.email ?? "", "firstName": user.firstName ?? "",
             "lastName": user.lastName ?? "", "enabled": user.enabled ?? true, "unverified": !(user.email ?? "").isEmpty && user.emailVerified != true]
        }
        var values: [String: Any] = ["users": rows, "search": search, "empty": rows.isEmpty]
        values["paging"] = ConsoleFormat.paging(first: first, max: max, shown: rows.count, hasMore: found.count > max,
                                                extra: search.isEmpty ? "" : "&search=\(ConsoleURL.query(search))")
        values["total"] = try await users.count(page.realm, query: { var q = query; q.first = 0; q.max = 100_000; return q }(), logger: page.logger)
        return .page("users", title: "Users", section: "users", values: values)
    }

    func addForm(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        return .page("user-add", title: "Add user", section: "users", values: ["enabled": true, "actions": actionChoices([])])
    }

    func add(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        var representation = representation(page)
        representation.enabled = page.flag("enabled")
        do {
            guard !(representation.username ?? "").isEmpty else { throw IdentityError(.invalidRequest, "Please specify username.") }
            let user = try await users.create(page.realm, representation, logger: page.logger)
            return .redirect("\(page.realmBase)/users/\(user.id.uuidString.lowercased())", notice: "created")
        } catch let error as IdentityError where error.code != .forbidden {
            var values = fields(representation)
            values["error"] = error.reason
            values["actions"] = actionChoices(representation.requiredActions ?? [])
            return .page("user-add", title: "Add user", section: "users", values: values, status: error.status)
        }
    }

    func details(_ page: ConsolePage) async throws -> ConsoleResult {
        let user = try await users.user(page.realm, id: try page.parameter("id"), logger: page.logger)
        return .page("user-details", title: user.username, section: "users", values: try await detailValues(page, user))
    }

    func save(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        let id = try page.parameter("id")
        var representation = representation(page)
        representation.username = nil
        representation.enabled = page.flag("enabled")
        do {
            try await users.update(page.realm, id: id, representation, logger: page.logger)
            return .redirect("\(page.realmBase)/users/\(id)", notice: "saved")
        } catch let error as IdentityError where error.code != .forbidden && error.code != .notFound {
            var values = try await detailValues(page, try await users.user(page.realm, id: id, logger: page.logger))
            values.merge(fields(representation)) { _, new in new }
            values["username"] = values["userName"]
            values["error"] = error.reason
            return .page("user-details", title: "User", section: "users", values: values, status: error.status)
        }
    }

    func credentials(_ page: ConsolePage) async throws -> ConsoleResult {
        let user = try await users.user(page.realm, id: try page.parameter("id"), logger: page.logger)
        return .page("user-credentials", title: user.username, section: "users", values: try await tabValues(page, user, tab: "credentials"))
    }

    func resetPassword(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        let user = try await users.user(page.realm, id: try page.parameter("id"), logger: page.logger)
        let password = String((page.form["password"] ?? "").prefix(1024))
        do {
            guard password == (page.form["password-confirm"] ?? "") else { throw IdentityError(.policy, "Passwords don't match.") }
            guard !password.isEmpty else { throw IdentityError(.policy, "Please specify password.") }
            try await users.resetPassword(page.realm, id: user.id.uuidString.lowercased(),
                                          CredentialRepresentation(value: password, temporary: page.flag("temporary")), logger: page.logger)
            return .redirect("\(page.realmBase)/users/\(user.id.uuidString.lowercased())/credentials", notice: "password")
        } catch let error as IdentityError where error.code == .policy || error.code == .invalidRequest {
            var values = try await tabValues(page, user, tab: "credentials")
            values["error"] = error.reason
            values["temporary"] = page.flag("temporary")
            return .page("user-credentials", title: user.username, section: "users", values: values, status: .badRequest)
        }
    }

    func unlock(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        let id = try page.parameter("id")
        try await RealmAdmin(flows: flows).clearBruteForce(page.realm, userID: id, logger: page.logger)
        return .redirect("\(page.realmBase)/users/\(id)", notice: "unlocked")
    }

    func confirmDelete(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        let user = try await users.user(page.realm, id: try page.parameter("id"), logger: page.logger)
        return .page("confirm", title: "Delete user", section: "users", values: [
            "question": "Delete user \u{201C}\(user.username)\u{201D}? This cannot be undone.", "action": "\(page.realmBase)/users/\(user.id.uuidString.lowercased())/delete",
            "cancel": "\(page.realmBase)/users/\(user.id.uuidString.lowercased())", "confirmLabel": "Delete",
        ])
    }

    func delete(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageUsers)
        try await users.delete(page.realm, id: try page.parameter("id"), logger: page.logger)
        return .redirect("\(page.realmBase)/users", notice: "deleted")
    }

    /// The user fields of the add and details forms.
    private func representation(_ page: ConsolePage) -> UserRepresentation {
        var representation = UserRepresentation()
        representation.username = page.field("username")
        representation.email = page.field("email")
        representation.firstName = page.field("firstName")
        representation.lastName = page.field("lastName")
        representation.emailVerified = page.flag("emailVerified")
        representation.requiredActions = Self.requiredActions.map(\.rawValue).filter { page.flag("action-\($0)") }
        return representation
    }

    private func fields(_ representation: UserRepresentation) -> [String: Any] {
        ["username": representation.username ?? "", "email": representation.email ?? "", "firstName": representation.firstName ?? "",
         "lastName": representation.lastName ?? "", "emailVerified": representation.emailVerified ?? false, "enabled": representation.enabled ?? true]
    }

    private func actionChoices(_ selected: [String]) -> [[String: Any]] {
        Self.requiredActions.map { ["name": $0.rawValue, "label": $0.label, "checked": selected.contains($0.rawValue)] }
    }

    private func detailValues(_ page: ConsolePage, _ user: User) async throws -> [String: Any] {
        var values = try await tabValues(page, user, tab: "details")
        values.merge(fields(UserRepresentation(user))) { _, new in new }
        values["created"] = ConsoleFormat.time(user.createdAt)
        values["actions"] = actionChoices(user.requiredActions)
        let status = try await RealmAdmin(flows: flows).bruteForceStatus(page.realm, userID: user.id.uuidString.lowercased(), logger: page.logger)
        values["locked"] = status["disabled"] as? Bool ?? false
        values["failures"] = status["numFailures"] as? Int ?? 0
        values["bruteForceProtected"] = page.realm.settings.bruteForceProtected
        return values
    }

    /// Values every user tab shows: the user's name, id and the tab links.
    func tabValues(_ page: ConsolePage, _ user: User, tab: String) async throws -> [String: Any] {
        ["userId": user.id.uuidString.lowercased(), "userName": user.username, "userBase": "\(page.realmBase)/users/\(user.id.uuidString.lowercased())",
         "tab_\(tab)": true, "isServiceAccount": user.serviceAccountClientID != nil]
    }
}
