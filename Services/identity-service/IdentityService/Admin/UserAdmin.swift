import Foundation
import Logging

/// The admin API's user operations (Keycloak's UsersResource and UserResource).
public struct UserAdmin: Sendable {
    let flows: IdentityFlows
    var stores: IdentityStores { flows.stores }

    /// Creates the operations.
    public init(flows: IdentityFlows) { self.flows = flows }

    /// The user with this id.
    /// - Throws: ``IdentityError`` `.notFound` ("User not found").
    public func user(_ realm: Realm, id: String, logger: Logger) async throws -> User {
        guard let uuid = UUID(uuidString: id), let user = try await stores.users.user(realmID: realm.id, id: uuid, logger: logger) else {
            throw IdentityError(.notFound, "User not found")
        }
        return user
    }

    /// `GET /users`.
    public func search(_ realm: Realm, query: UserQuery, logger: Logger) async throws -> [UserRepresentation] {
        try await stores.users.users(realmID: realm.id, query: query, logger: logger).map(UserRepresentation.init)
    }

    /// `GET /users/count`.
    public func count(_ realm: Realm, query: UserQuery, logger: Logger) async throws -> Int {
        try await stores.users.count(realmID: realm.id, query: query, logger: logger)
    }

    /// `POST /users`: creates a user with the default roles; plain credentials must pass the policy.
    /// - Returns: The new user.
    /// - Throws: ``IdentityError`` `.conflict` for a taken username or email, `.policy` for a weak password,
    ///   `.invalidRequest` for a required action Tessera doesn't carry out.
    public func create(_ realm: Realm, _ representation: UserRepresentation, logger: Logger) async throws -> User {
        var checked = representation
        checked.id = nil
        checked.createdTimestamp = nil
        checked.serviceAccountClientId = nil
        checked.requiredActions = try checked.requiredActions.map(RequiredAction.checked)
        let policy = try PasswordPolicy(parsing: realm.settings.passwordPolicy)
        for credential in checked.credentials ?? [] {
            if let value = credential.value, let violation = policy.violation(of: value, username: checked.username ?? "", email: checked.email) {
                throw IdentityError(.policy, violation.message, messageKey: violation.key)
            }
        }
        let user = try await RealmContentBuilder(stores: stores, hasher: flows.hasher, realm: realm)
            .createUser(checked, grantDefaultRoles: true, logger: logger)
        await adminEvent(realm, "CREATE", "users/\(user.id.uuidString.lowercased())", logger: logger)
        return user
    }

    /// `PUT /users/{id}`: fields omitted stay unchanged.
    /// - Throws: ``IdentityError`` `.invalidRequest` for a required action Tessera doesn't carry out.
    public func update(_ realm: Realm, id: String, _ representation: UserRepresentation, logger: Logger) async throws {
        var user = try await user(realm, id: id, logger: logger)
        var representation = representation
        representation.requiredActions = try representation.requiredActions.map(RequiredAction.checked)
        try representation.apply(to: &user)
        try await stores.users.update(user, logger: logger)
        if representation.enabled == false {
            try await stores.sessions.deleteSessions(userID: user.id, logger: logger)
            try await stores.sessions.deleteOfflineSessions(userID: user.id, clientID: nil, logger: logger)
        }
        await adminEvent(realm, "UPDATE", "users/\(id)", logger: logger)
    }

    /// `DELETE /users/{id}`.
    public func delete(_ realm: Realm, id: String, logger: Logger) async throws {
        let user = try await user(realm, id: id, logger: logger)
        try await stores.users.delete(id: user.id, logger: logger)
        await adminEvent(realm, "DELETE", "users/\(id)", logger: logger)
    }

    /// `PUT /users/{id}/reset-password`.
    /// - Throws: ``IdentityError`` `.policy` with Keycloak's message for a weak password.
    public func resetPassword(_ realm: Realm, id: String, _ credential: CredentialRepresentation, logger: Logger) async throws {
        var user = try await user(realm, id: id, logger: logger)
        guard let value = credential.value, !value.isEmpty else { throw IdentityError(.invalidRequest, "Password is required") }
        let policy = try PasswordPolicy(parsing: realm.settings.passwordPolicy)
        if let violation = policy.violation(of: value, username: user.username, email: user.email) {
            throw IdentityError(.policy, violation.message, messageKey: violation.key)
        }
        try await stores.users.setPassword(userID: user.id, try await flows.hasher.hash(value, policy: policy), logger: logger)
        let temporary = credential.temporary ?? false
        if temporary, !user.requiredActions.contains(updatePasswordAction) {
            user.requiredActions.append(updatePasswordAction)
        } else if !temporary {
            user.requiredActions.removeAll { $0 == updatePasswordAction }
        }
        try await stores.users.update(user, logger: logger)
        try await stores.loginFailures.clear(userID: user.id, logger: logger)
        await adminEvent(realm, "ACTION", "users/\(id)/reset-password", logger: logger)
    }

    /// `GET /users/{id}/sessions`: the online sessions (offline ones are under `offline-sessions`).
    public func sessions(_ realm: Realm, id: String, logger: Logger) async throws -> [[String: Any]] {
        let user = try await user(realm, id: id, logger: logger)
        return try await stores.sessions.sessions(userID: user.id, logger: logger).filter { !$0.offline }.map { session in
            ["id": session.id.uuidString.lowercased(), "username": user.username, "userId": user.id.uuidString.lowercased(),
             "start": Int(session.authTime.timeIntervalSince1970 * 1000), "lastAccess": Int(session.lastRefresh.timeIntervalSince1970 * 1000),
             "clients": [String: String]()]
        }
    }

    /// `POST /users/{id}/logout`: ends every session of the user.
    public func logout(_ realm: Realm, id: String, logger: Logger) async throws {
        let user = try await user(realm, id: id, logger: logger)
        try await stores.sessions.deleteSessions(userID: user.id, logger: logger)
        await adminEvent(realm, "ACTION", "users/\(id)/logout", logger: logger)
    }

    /// `GET /users/{id}/groups`.
    public func groups(_ realm: Realm, id: String, logger: Logger) async throws -> [GroupRepresentation] {
        let user = try await user(realm, id: id, logger: logger)
        let groupAdmin = GroupAdmin(flows: flows)
        var result: [GroupRepresentation] = []
        for group in try await stores.groups.groups(ofUser: user.id, logger: logger) {
            result.append(GroupRepresentation(group, path: try await groupAdmin.path(of: group, logger: logger)))
        }
        return result
    }

    /// `PUT` / `DELETE /users/{id}/groups/{groupId}`.
    public func setMembership(_ realm: Realm, id: String, groupID: String, member: Bool, logger: Logger) async throws {
        let user = try await user(realm, id: id, logger: logger)
        let group = try await GroupAdmin(flows: flows).group(realm, id: groupID, logger: logger)
        if member {
            try await stores.groups.addMember(userID: user.id, groupID: group.id, logger: logger)
        } else {
            try await stores.groups.removeMember(userID: user.id, groupID: group.id, logger: logger)
        }
        await adminEvent(realm, member ? "CREATE" : "DELETE", "users/\(id)/groups/\(groupID)", logger: logger)
    }

    func adminEvent(_ realm: Realm, _ operation: String, _ resource: String, logger: Logger) async {
        await flows.events.record(IdentityEvent(type: "ADMIN_\(operation)", realmID: realm.id, details: ["resourcePath": resource]), in: realm, logger: logger)
    }
}
