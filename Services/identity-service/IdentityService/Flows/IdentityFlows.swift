import Foundation
import Logging

/// Every flow of identity-service over one set of stores and keys (built by the composition root).
///
/// A class, for the same reason as ``IdentityStores``: routes and admin services hold it, and
/// as a value each holder carried a copy of every flow and store inside it.
public final class IdentityFlows: Sendable {
    /// The stores.
    public let stores: IdentityStores
    /// Signing keys.
    public let keys: SigningKeyRing
    /// Token issuing.
    public let issuer: TokenIssuer
    /// Token validation.
    public let validator: TokenValidator
    /// Token endpoint.
    public let token: TokenFlow
    /// Userinfo, introspection, revocation, refresh-token logout.
    public let inspection: TokenInspectionFlow
    /// Events.
    public let events: EventRecorder
    /// Password hashing.
    public let hasher: PasswordHasher

    /// Creates the flows.
    /// - Parameters:
    ///   - stores: The stores.
    ///   - publicURL: `PUBLIC_URL`.
    ///   - keyReloadInterval: How long a replica trusts its loaded signing keys.
    public init(stores: IdentityStores, publicURL: String, keyReloadInterval: Duration = .seconds(60)) {
        self.stores = stores
        keys = SigningKeyRing(store: stores.signingKeys, reloadInterval: keyReloadInterval)
        issuer = TokenIssuer(keys: keys, grants: stores.grants, roles: stores.roles, publicURL: publicURL, cache: stores.cache)
        validator = TokenValidator(stores: stores, keys: keys, issuer: issuer)
        events = EventRecorder(store: stores.events)
        token = TokenFlow(stores: stores, issuer: issuer, keys: keys, events: events)
        inspection = TokenInspectionFlow(stores: stores, validator: validator, keys: keys, events: events)
        hasher = PasswordHasher()
    }

    /// The enabled realm named `name`.
    /// - Throws: ``IdentityError`` `.notFound` ("Realm does not exist") when unknown or disabled.
    public func realm(named name: String, logger: Logger) async throws -> Realm {
        guard name.utf8.count <= 255,
              let realm = try await stores.cache.realm(named: name, load: { try await stores.realms.realm(named: name, logger: logger) }),
              realm.enabled else {
            throw IdentityError(.notFound, "Realm does not exist")
        }
        return realm
    }
}
