import Foundation
import Logging

/// What a signed-in user may change about their own account: profile and password (the
/// current password is checked like a login, so wrong guesses count towards brute-force
/// lockout), and their sessions. Each change is recorded as a user event.
struct AccountFlow: Sendable {
    let flows: IdentityFlows

    /// Why a change was refused, shown next to the form.
    typealias Refusal = ProfileEditor.Refusal

    /// Updates names and email (each may be empty); a changed email is no longer verified (as Keycloak does).
    /// - Throws: ``Refusal`` for an invalid or taken email.
    func updateProfile(_ realm: Realm, user: User, firstName: String, lastName: String, email: String, logger: Logger) async throws -> User {
        try await ProfileEditor(users: flows.stores.users, events: flows.events).update(
            realm, user: user, profile: .init(firstName: firstName, lastName: lastName, email: email), requireAll: false,
            clientID: ConsoleClients.accountConsole, context: "ACCOUNT", logger: logger)
    }

    /// Changes the password after checking the current one and the realm's policy.
    /// - Parameter keepSession: When set, every other session of the user ends.
    /// - Throws: ``Refusal`` with the reason.
    func changePassword(_ realm: Realm, user: User, current: String, new: String, confirmation: String, keepSession: UUID?,
                        ipAddress: String?, logger: Logger) async throws {
        guard !current.isEmpty else { throw Refusal(message: "Please specify your current password.") }
        guard !new.isEmpty else { throw Refusal(message: "Please specify password.") }
        guard new == confirmation else { throw Refusal(message: "Passwords don't match.") }
        let authenticator = UserAuthenticator(users: flows.stores.users, failures: flows.stores.loginFailures, events: flows.events, hasher: flows.hasher)
        do {
            _ = try await authenticator.authenticate(login: user.username, password: current, realm: realm, clientID: ConsoleClients.accountConsole,
                                                     ipAddress: ipAddress, logger: logger)
        } catch is UserAuthenticator.Failure {
            throw Refusal(message: "Invalid existing password.")
        }
        let policy = try PasswordPolicy(parsing: realm.settings.passwordPolicy)
        if let violation = policy.violation(of: new, username: user.username, email: user.email) { throw Refusal(message: violation.message) }
        try await flows.stores.users.setPassword(userID: user.id, try await flows.hasher.hash(new, policy: policy), logger: logger)
        if user.requiredActions.contains(updatePasswordAction) {
            var updated = user
            updated.requiredActions.removeAll { $0 == updatePasswordAction }
            try await flows.stores.users.update(updated, logger: logger)
        }
        await flows.events.record(IdentityEvent(type: "UPDATE_PASSWORD", realmID: realm.id, clientID: ConsoleClients.accountConsole, userID: user.id,
                                                ipAddress: ipAddress), in: realm, logger: logger)
        if let keepSession { try await signOut(realm, user: user, except: keepSession, ipAddress: ipAddress, logger: logger) }
    }

    /// Ends the user's sessions except `except` (nil: all of them).
    func signOut(_ realm: Realm, user: User, except: UUID?, ipAddress: String?, logger: Logger) async throws {
        let logout = LogoutFlow(stores: flows.stores, keys: flows.keys, issuer: flows.issuer, events: flows.events)
        for session in try await flows.stores.sessions.sessions(userID: user.id, logger: logger) where session.id != except {
            try await logout.end(realm: realm, sessionID: session.id, ipAddress: ipAddress, logger: logger)
        }
    }

    /// Ends one of the user's sessions.
    /// - Throws: ``IdentityError`` `.notFound` for another user's session.
    func signOut(_ realm: Realm, user: User, session id: UUID, ipAddress: String?, logger: Logger) async throws {
        guard let session = try await flows.stores.sessions.session(id: id, logger: logger), session.userID == user.id else {
            throw IdentityError(.notFound, "Session not found")
        }
        try await LogoutFlow(stores: flows.stores, keys: flows.keys, issuer: flows.issuer, events: flows.events)
            .end(realm: realm, sessionID: id, ipAddress: ipAddress, logger: logger)
    }
}
