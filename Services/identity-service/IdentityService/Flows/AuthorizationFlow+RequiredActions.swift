import Foundation
import Logging

/// Required actions between the password check and the code: UPDATE_PASSWORD,
/// TERMS_AND_CONDITIONS and UPDATE_PROFILE, one after the other in ``RequiredAction``'s
/// order. Each completed action is removed from the user and recorded as an event; the SSO
/// session starts once none is left. A short-lived signed action token carries "this user
/// passed the password check" from form to form.
extension AuthorizationFlow {
    /// What a required-action form produced.
    public enum ActionOutcome: Sendable, Hashable {
        /// All done: logged in.
        case success(Browser)
        /// Done; this action comes next.
        case next(RequiredAction, User)
        /// Not done: the message (and per-field messages) to show on the same form.
        case retry(String, fields: [String: String])
        /// The user declined: the error answer to send to the client.
        case declined(AuthorizationAnswer)
    }

    /// Sets a new password (UPDATE_PASSWORD) after checking the realm's policy.
    public func updatePassword(realm: Realm, request: AuthorizationRequest, user: User, newPassword: String, confirmation: String,
                               ipAddress: String?, logger: Logger) async throws -> ActionOutcome {
        guard newPassword == confirmation else { return .retry("Passwords don't match.", fields: [:]) }
        guard !newPassword.isEmpty else { return .retry("Please specify password.", fields: [:]) }
        let policy = try PasswordPolicy(parsing: realm.settings.passwordPolicy)
        if let violation = policy.violation(of: newPassword, username: user.username, email: user.email) {
            return .retry(violation.message, fields: [:])
        }
        try await stores.users.setPassword(userID: user.id, try await hasher.hash(newPassword, policy: policy), logger: logger)
        await events.record(IdentityEvent(type: "UPDATE_PASSWORD", realmID: realm.id, clientID: request.client.clientID, userID: user.id,
                                          ipAddress: ipAddress), in: realm, logger: logger)
        return try await completed(.updatePassword, realm: realm, request: request, user: user, ipAddress: ipAddress, logger: logger)
    }

    /// Saves the confirmed first name, last name and email (UPDATE_PROFILE; all three required).
    public func updateProfile(realm: Realm, request: AuthorizationRequest, user: User, firstName: String, lastName: String, email: String,
                              ipAddress: String?, logger: Logger) async throws -> ActionOutcome {
        let editor = ProfileEditor(users: stores.users, events: events)
        let updated: User
        do {
            updated = try await editor.update(realm, user: user, profile: .init(firstName: firstName, lastName: lastName, email: email),
                                              requireAll: true, clientID: request.client.clientID, context: "UPDATE_PROFILE",
                                              ipAddress: ipAddress, logger: logger)
        } catch let refusal as ProfileEditor.Refusal {
            return .retry(refusal.message, fields: refusal.fields)
        }
        return try await completed(.updateProfile, realm: realm, request: request, user: updated, ipAddress: ipAddress, logger: logger)
    }

    /// Accepts the terms (recorded in the user's `terms_and_conditions` attribute, as Keycloak
    /// does) or declines them, which ends the login with `access_denied`.
    public func answerTerms(realm: Realm, request: AuthorizationRequest, user: User, accepted: Bool,
                            ipAddress: String?, logger: Logger) async throws -> ActionOutcome {
        var event = IdentityEvent(type: "CUSTOM_REQUIRED_ACTION", realmID: realm.id, clientID: request.client.clientID, userID: user.id,
                                  ipAddress: ipAddress, details: ["custom_required_action": RequiredAction.termsAndConditions.rawValue])
        guard accepted else {
            event.type = "CUSTOM_REQUIRED_ACTION_ERROR"
            event.error = "rejected_by_user"
            await events.record(event, in: realm, logger: logger)
            return .declined(errorAnswer(request, error: "access_denied"))
        }
        var updated = user
        updated.attributes["terms_and_conditions"] = [String(Int(Date().timeIntervalSince1970))]
        await events.record(event, in: realm, logger: logger)
        return try await completed(.termsAndConditions, realm: realm, request: request, user: updated, ipAddress: ipAddress, logger: logger)
    }

    /// Removes a done action from the user and moves on: the next action, or the session.
    private func completed(_ action: RequiredAction, realm: Realm, request: AuthorizationRequest, user: User,
                           ipAddress: String?, logger: Logger) async throws -> ActionOutcome {
        var updated = user
        updated.requiredActions.removeAll { $0 == action.rawValue }
        try await stores.users.update(updated, logger: logger)
        if let next = RequiredAction.next(for: updated) { return .next(next, updated) }
        return .success(try await startSession(realm: realm, user: updated, request: request, ipAddress: ipAddress, logger: logger))
    }

    /// A signed, short-lived token carrying "this user passed the password check" to the
    /// required-action forms (token type `update-password`, an internal type of the key ring).
    public func actionToken(realm: Realm, user: User, request: AuthorizationRequest, logger: Logger) async throws -> String {
        var claims = TokenClaims(kind: .id, issuer: issuer.issuer(for: realm), clientID: request.client.clientID, issuedAt: Date(),
                                 lifespan: min(realm.settings.accessCodeLifespanLogin, 1800))
        claims.typ = Self.actionTokenType
        claims.sub = user.id.lowercasedText
        return try await keys.signInternal(claims, realmID: realm.id, logger: logger)
    }

    /// The action tokens' `typ`.
    static let actionTokenType = "update-password"

    /// The user an action token vouches for, when valid for this client, enabled, and `action`
    /// is the user's next required action.
    public func user(actionToken: String, action: RequiredAction, realm: Realm, request: AuthorizationRequest, logger: Logger) async -> User? {
        guard let claims = try? await keys.verify(actionToken, realmID: realm.id, logger: logger), claims.typ == Self.actionTokenType,
              claims.iss == issuer.issuer(for: realm), claims.azp == request.client.clientID,
              let id = claims.sub.flatMap({ UUID(text: $0) }),
              let user = try? await stores.users.user(realmID: realm.id, id: id, logger: logger), user.enabled,
              RequiredAction.next(for: user) == action
        else { return nil }
        return user
    }
}
