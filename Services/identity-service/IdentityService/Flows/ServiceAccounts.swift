import Foundation
import Logging

/// Service-account users (`service-account-<clientId>`) of clients with `serviceAccountsEnabled`.
public struct ServiceAccounts: Sendable {
    let users: any UserStore
    let roles: any RoleStore
    let cache: DirectoryCache

    /// Creates the helper.
    /// - Parameters:
    ///   - users: The user store.
    ///   - roles: The role store.
    ///   - cache: The directory cache existing service-account users are read through.
    public init(users: any UserStore, roles: any RoleStore, cache: DirectoryCache = DirectoryCache()) {
        self.users = users
        self.roles = roles
        self.cache = cache
    }

    /// The client's service-account user, created (with the realm's default role) when missing.
    /// - Returns: The user.
    public func user(for client: Client, realm: Realm, logger: Logger) async throws -> User {
        if let user = try await cache.serviceAccount(clientID: client.id, load: { try await users.serviceAccountUser(clientID: client.id, logger: logger) }) {
            return user
        }
        var user = User(realmID: realm.id, username: "service-account-\(client.clientID)")
        user.serviceAccountClientID = client.id
        do {
            try await users.create(user, logger: logger)
        } catch let error as IdentityError where error.code == .conflict {
            if let existing = try await users.serviceAccountUser(clientID: client.id, logger: logger) { return existing }
            throw error
        }
        if let defaultRole = realm.defaultRoleID { try await roles.grant([defaultRole], to: .user(user.id), logger: logger) }
        return user
    }
}
