import Foundation
import Logging

/// Creates the master realm on first start: realm roles `admin` and `create-realm`, the
/// public `admin-cli` client (direct access grants) and the bootstrap admin user.
public struct MasterRealmBootstrap: Sendable {
    let stores: IdentityStores
    let hasher: PasswordHasher

    /// The master realm's name.
    public static let realmName = "master"

    /// Creates the bootstrap.
    public init(stores: IdentityStores, hasher: PasswordHasher = PasswordHasher()) {
        self.stores = stores
        self.hasher = hasher
    }

    /// Ensures the master realm exists and, when credentials are given and no user of that
    /// name exists, creates the admin user with the `admin` role.
    /// - Parameters:
    ///   - adminUser: `IDENTITY_ADMIN_USER`.
    ///   - adminPassword: `IDENTITY_ADMIN_PASSWORD` (secret), nil to skip the user.
    ///   - logger: Logger.
    /// - Returns: The master realm.
    public func run(adminUser: String, adminPassword: String?, logger: Logger) async throws -> Realm {
        let realm: Realm
        if let existing = try await stores.realms.realm(named: Self.realmName, logger: logger) {
            realm = existing
        } else {
            var settings = RealmSettings()
            settings.accessTokenLifespan = 60
            do {
                realm = try await RealmProvisioner(stores: stores).create(
                    Realm(name: Self.realmName, displayName: "Keycloak", settings: settings), logger: logger)
            } catch let error as IdentityError where error.code == .conflict {
                guard let existing = try await stores.realms.realm(named: Self.realmName, logger: logger) else { throw error }
                return existing
            }
            let builder = RealmContentBuilder(stores: stores, hasher: hasher, realm: realm)
            try await builder.createRole(RoleRepresentation(name: "admin", description: "${role_admin}"), clientID: nil, logger: logger)
            try await builder.createRole(RoleRepresentation(name: "create-realm", description: "${role_create-realm}"), clientID: nil, logger: logger)
            var adminCLI = ClientRepresentation()
            adminCLI.clientId = "admin-cli"
            adminCLI.name = "${client_admin-cli}"
            adminCLI.publicClient = true
            adminCLI.standardFlowEnabled = false
            adminCLI.directAccessGrantsEnabled = true
            try await builder.createClient(adminCLI, logger: logger)
            logger.notice("created master realm")
        }
        guard let adminPassword else {
            logger.warning("IDENTITY_ADMIN_PASSWORD is not set: no bootstrap admin user created")
            return realm
        }
        if try await stores.users.user(realmID: realm.id, usernameOrEmail: adminUser, orEmail: false, logger: logger) == nil {
            var representation = UserRepresentation()
            representation.username = adminUser
            representation.enabled = true
            representation.credentials = [CredentialRepresentation(value: adminPassword, temporary: false)]
            representation.realmRoles = ["admin", "create-realm"]
            do {
                try await RealmContentBuilder(stores: stores, hasher: hasher, realm: realm)
                    .createUser(representation, grantDefaultRoles: true, logger: logger)
                logger.notice("created bootstrap admin user", metadata: ["user": "\(adminUser)"])
            } catch let error as IdentityError where error.code == .conflict {
                logger.info("bootstrap admin user created by another replica")
            }
        }
        return realm
    }
}
