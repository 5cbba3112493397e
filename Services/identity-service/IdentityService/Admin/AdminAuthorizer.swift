import Foundation
import Logging

/// Authorizes admin REST calls by bearer token: a master-realm token with the realm role
/// `admin` may do everything; a token of the target realm may do what its
/// `realm-management` client roles allow. 401 without a valid token, 403 without the role.
public struct AdminAuthorizer: Sendable {
    let flows: IdentityFlows

    /// Creates the authorizer.
    public init(flows: IdentityFlows) { self.flows = flows }

    /// The caller, once authorized.
    public struct Caller: Sendable {
        /// The token's realm.
        public var realm: Realm
        /// The calling user.
        public var user: User?
        /// Whether it is a master admin.
        public var isGlobalAdmin: Bool { grants.isGlobalAdmin }
        /// The roles the token carries, to ask about further permissions without re-validating it.
        public var grants: AdminGrants
    }

    /// Checks the token and the permission for `targetRealm` (nil for realm-list operations).
    /// - Throws: ``IdentityError`` `.invalidToken` (401) or `.forbidden` (403).
    public func authorize(token: String?, targetRealm: String?, permission: AdminPermission, logger: Logger) async throws -> Caller {
        let unauthorized = IdentityError(.invalidToken, "HTTP 401 Unauthorized")
        guard let token, let realmName = Self.realmName(ofUnverified: token),
              let realm = try await flows.stores.realms.realm(named: realmName, logger: logger), realm.enabled,
              let valid = try? await flows.validator.validate(token, realm: realm, kinds: [TokenClaims.Kind.access.rawValue], logger: logger)
        else { throw unauthorized }
        let grants = AdminGrants(tokenRealm: realm.name, realmRoles: Set(valid.claims.realmAccess?.roles ?? []),
                                 managementRoles: Set(valid.claims.resourceAccess?[RealmProvisioner.managementClientID]?.roles ?? []))
        guard grants.allows(permission, in: targetRealm) else { throw IdentityError(.forbidden, "HTTP 403 Forbidden") }
        return Caller(realm: realm, user: valid.user, grants: grants)
    }

    /// The realm name in an (unverified) token's `iss`, to pick the keys that must verify it.
    static func realmName(ofUnverified token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(String(parts[1])),
              let payload = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let issuer = payload["iss"] as? String, let range = issuer.range(of: "/realms/", options: .backwards)
        else { return nil }
        let name = String(issuer[range.upperBound...])
        return name.isEmpty || name.contains("/") ? nil : name
    }
}

/// The admin rule on a validated token's roles: a master-realm `admin` may do everything;
/// anyone else only what their `realm-management` client roles allow in their own realm.
public struct AdminGrants: Sendable, Hashable {
    /// The realm that issued the token.
    public var tokenRealm: String
    /// The token's realm roles.
    public var realmRoles: Set<String>
    /// The token's `realm-management` client roles.
    public var managementRoles: Set<String>

    /// Whether the token belongs to a master-realm admin.
    public var isGlobalAdmin: Bool { tokenRealm == MasterRealmBootstrap.realmName && realmRoles.contains("admin") }

    /// Whether the permission is granted for `targetRealm` (nil for realm-list operations).
    public func allows(_ permission: AdminPermission, in targetRealm: String?) -> Bool {
        if isGlobalAdmin { return true }
        return permission != .global && targetRealm == tokenRealm && !managementRoles.isDisjoint(with: permission.satisfiedBy)
    }
}
