import Foundation
import Logging

/// Checks a username-or-email and password, with brute-force detection and events.
/// An unknown user costs the same hashing work and gets the same answer as a wrong password.
public struct UserAuthenticator: Sendable {
    let users: any UserStore
    let failures: any LoginFailureStore
    let events: EventRecorder
    let hasher: PasswordHasher

    /// Creates an authenticator.
    public init(users: any UserStore, failures: any LoginFailureStore, events: EventRecorder, hasher: PasswordHasher = PasswordHasher()) {
        self.users = users
        self.failures = failures
        self.events = events
        self.hasher = hasher
    }

    /// Why a login failed, with Keycloak's event error names.
    public enum Failure: String, Error, Sendable {
        /// Unknown user or wrong password (`invalid_user_credentials`).
        case invalidCredentials = "invalid_user_credentials"
        /// The user is disabled (`user_disabled`).
        case disabled = "user_disabled"
        /// Locked by brute-force detection (`user_temporarily_disabled`).
        case locked = "user_temporarily_disabled"
    }

    /// Authenticates a user.
    /// - Parameters:
    ///   - login: Username or (when the realm allows) email.
    ///   - password: The password.
    ///   - realm: The realm.
    ///   - clientID: The OAuth client id, for events.
    ///   - ipAddress: Caller address, for events and brute-force state.
    ///   - logger: Logger.
    /// - Returns: The user (required actions are the caller's concern).
    /// - Throws: ``Failure``.
    public func authenticate(login: String, password: String, realm: Realm, clientID: String, ipAddress: String?, logger: Logger) async throws -> User {
        let policy = (try? PasswordPolicy(parsing: realm.settings.passwordPolicy)) ?? PasswordPolicy()
        func fail(_ failure: Failure, user: User?) async -> Failure {
            await events.record(IdentityEvent(type: "LOGIN_ERROR", realmID: realm.id, clientID: clientID, userID: user?.id,
                                              ipAddress: ipAddress, error: failure.rawValue,
                                              details: ["username": String(login.prefix(255))]), in: realm, logger: logger)
            return failure
        }
        guard login.utf8.count <= 255, !login.isEmpty,
              let user = try await users.user(realmID: realm.id, usernameOrEmail: login, orEmail: realm.settings.loginWithEmailAllowed, logger: logger),
              user.serviceAccountClientID == nil
        else {
            await hasher.simulateVerification(policy: policy)
            throw await fail(.invalidCredentials, user: nil)
        }
        let now = Date()
        let state = realm.settings.bruteForceProtected ? try await failures.failures(userID: user.id, logger: logger) : LoginFailures()
        if state.isLocked(at: now) {
            await hasher.simulateVerification(policy: policy)
            throw await fail(.locked, user: user)
        }
        let credential = try await users.password(userID: user.id, logger: logger)
        let valid: Bool
        if let credential {
            valid = await hasher.verify(password, against: credential)
        } else {
            await hasher.simulateVerification(policy: policy)
            valid = false
        }
        guard valid else {
            if realm.settings.bruteForceProtected {
                try await failures.save(state.recordingFailure(realm.settings, at: now), userID: user.id, realmID: realm.id,
                                        ipAddress: ipAddress, logger: logger)
            }
            throw await fail(.invalidCredentials, user: user)
        }
        guard user.enabled else { throw await fail(.disabled, user: user) }
        if let credential, credential.algorithm != policy.hashAlgorithm || credential.iterations != policy.effectiveIterations {
            // Keycloak re-hashes on login when the realm's hash policy changed (e.g. imported pbkdf2-sha256 hashes).
            if let upgraded = try? await hasher.hash(password, policy: policy) {
                try await users.setPassword(userID: user.id, upgraded, logger: logger)
            }
        }
        if realm.settings.bruteForceProtected, state.failures > 0 {
            try await failures.clear(userID: user.id, logger: logger)
        }
        return user
    }
}
