import Foundation
import Logging

/// The admin API's realm operations (`/admin/realms`), events and attack detection.
public struct RealmAdmin: Sendable {
    let flows: IdentityFlows
    var stores: IdentityStores { flows.stores }

    /// Creates the operations.
    public init(flows: IdentityFlows) { self.flows = flows }

    /// The realm named `name`, enabled or not.
    /// - Throws: ``IdentityError`` `.notFound` ("Realm not found.").
    public func realm(named name: String, logger: Logger) async throws -> Realm {
        guard let realm = try await stores.realms.realm(named: name, logger: logger) else { throw IdentityError(.notFound, "Realm not found.") }
        return realm
    }

    /// A realm's representation: settings plus `id`, `realm`, `enabled`, `displayName`, `defaultRole`.
    public func representation(_ realm: Realm, logger: Logger) async throws -> [String: Any] {
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(realm.settings)) as? [String: Any] ?? [:]
        object["id"] = realm.id.uuidString.lowercased()
        object["realm"] = realm.name
        object["enabled"] = realm.enabled
        if let displayName = realm.displayName { object["displayName"] = displayName }
        if let id = realm.defaultRoleID, let role = try await stores.roles.role(realmID: realm.id, id: id, logger: logger) {
            object["defaultRole"] = ["id": role.id.uuidString.lowercased(), "name": role.name, "composite": role.composite,
                                     "clientRole": false, "containerId": realm.id.uuidString.lowercased()]
        }
        return object
    }

    /// `POST /admin/realms`: imports a realm representation.
    /// - Throws: ``IdentityError`` `.conflict` when it exists.
    public func create(_ data: Data, logger: Logger) async throws -> String {
        let result = try await RealmImporter(stores: stores, hasher: flows.hasher).importRealm(data, strategy: .skip, logger: logger)
        guard result.outcome != .skipped else { throw IdentityError(.conflict, "Conflict detected. See logs for details") }
        return result.realm
    }

    /// `PUT /admin/realms/{realm}`: settings, `enabled` and `displayName`; omitted fields stay unchanged.
    public func update(_ realm: Realm, json: [String: Any], logger: Logger) async throws {
        var updated = realm
        if let name = json["realm"] as? String, name != realm.name { throw IdentityError(.invalidRequest, "Renaming realms is not supported") }
        if let enabled = json["enabled"] as? Bool { updated.enabled = enabled }
        if let displayName = json["displayName"] as? String { updated.displayName = displayName }
        do {
            try updated.settings.merge(json)
        } catch let error as IdentityError {
            throw error
        } catch {
            throw IdentityError(.invalidRequest, "Invalid realm representation")
        }
        _ = try PasswordPolicy(parsing: updated.settings.passwordPolicy)
        try updated.settings.browserSecurityHeaders.validate()
        try await stores.realms.update(updated, logger: logger)
        await UserAdmin(flows: flows).adminEvent(realm, "UPDATE", "", logger: logger)
    }

    /// `DELETE /admin/realms/{realm}` (not master).
    public func delete(_ realm: Realm, logger: Logger) async throws {
        guard realm.name != MasterRealmBootstrap.realmName else { throw IdentityError(.invalidRequest, "Can't delete master realm") }
        try await stores.realms.delete(id: realm.id, logger: logger)
    }

    /// `GET /events` (type, first, max): Keycloak's EventRepresentation.
    public func events(_ realm: Realm, types: [String], first: Int, max: Int, logger: Logger) async throws -> [[String: Any]] {
        try await stores.events.events(realmID: realm.id, types: types, first: first, max: max, logger: logger).map { event in
            var object: [String: Any] = ["time": Int(event.time.timeIntervalSince1970 * 1000), "type": event.type, "realmId": realm.id.uuidString.lowercased()]
            object["clientId"] = event.clientID
            object["userId"] = event.userID?.uuidString.lowercased()
            object["sessionId"] = event.sessionID?.uuidString.lowercased()
            object["ipAddress"] = event.ipAddress
            object["error"] = event.error
            if !event.details.isEmpty { object["details"] = event.details }
            return object
        }
    }

    /// `GET /attack-detection/brute-force/users/{id}`.
    public func bruteForceStatus(_ realm: Realm, userID: String, logger: Logger) async throws -> [String: Any] {
        let user = try await UserAdmin(flows: flows).user(realm, id: userID, logger: logger)
        let state = try await stores.loginFailures.failures(userID: user.id, logger: logger)
        return ["numFailures": state.failures, "disabled": state.isLocked(at: Date()),
                "lastFailure": Int((state.lastFailure?.timeIntervalSince1970 ?? 0) * 1000), "lastIPFailure": "n/a"]
    }

    /// `DELETE /attack-detection/brute-force/users/{id}` or all users.
    public func clearBruteForce(_ realm: Realm, userID: String?, logger: Logger) async throws {
        if let userID {
            let user = try await UserAdmin(flows: flows).user(realm, id: userID, logger: logger)
            try await stores.loginFailures.clear(userID: user.id, logger: logger)
        } else {
            try await stores.loginFailures.clearAll(realmID: realm.id, logger: logger)
        }
        await UserAdmin(flows: flows).adminEvent(realm, "DELETE", "attack-detection/brute-force/users" + (userID.map { "/\($0)" } ?? ""), logger: logger)
    }
}
