import Foundation
import Logging

/// The public PKCE clients the browser consoles sign in with, as Keycloak ships them:
/// `security-admin-console` (admin console, seeded in master) and `account-console`
/// (account page, created in a realm the first time someone opens its account page).
public struct ConsoleClients: Sendable {
    let stores: IdentityStores
    /// Origins the console may be reached at: `PUBLIC_URL` plus the service's direct URLs.
    let origins: [String]

    /// The admin console's client id.
    public static let adminConsole = "security-admin-console"
    /// The account page's client id.
    public static let accountConsole = "account-console"

    /// Creates the helper.
    /// - Parameters:
    ///   - stores: The stores.
    ///   - origins: Trusted origins (never taken from a request), e.g. `PUBLIC_URL`, `http://localhost:8081`.
    public init(stores: IdentityStores, origins: [String]) {
        self.stores = stores
        self.origins = origins.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The trusted origins of a service: `PUBLIC_URL` and the listener's own address.
    /// - Parameters:
    ///   - publicURL: `PUBLIC_URL`.
    ///   - host: `HTTP_HOST`.
    ///   - port: `HTTP_PORT`.
    /// - Returns: Origins without a trailing slash, duplicates removed.
    public static func origins(publicURL: String, host: String, port: Int) -> [String] {
        var result = [publicURL, "http://localhost:\(port)", "http://127.0.0.1:\(port)"]
        if !["0.0.0.0", "::", "", "localhost", "127.0.0.1"].contains(host) {
            result.append(host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)")
        }
        var seen = Set<String>()
        return result.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.filter { seen.insert($0).inserted }
    }

    /// Redirect URIs for a path under every origin, with and without the gateway's `/auth` prefix.
    func redirectURIs(path: String) -> [String] {
        origins.flatMap { ["\($0)/auth\(path)", "\($0)\(path)"] }
    }

    /// Makes sure the admin console's client exists in the realm.
    /// - Returns: The client.
    @discardableResult
    public func ensureAdminConsole(in realm: Realm, logger: Logger) async throws -> Client {
        try await ensure(Self.adminConsole, name: "${client_security-admin-console}", path: "/admin/*", in: realm, logger: logger)
    }

    /// Makes sure the account page's client exists in the realm.
    /// - Returns: The client.
    @discardableResult
    public func ensureAccountConsole(in realm: Realm, logger: Logger) async throws -> Client {
        try await ensure(Self.accountConsole, name: "${client_account-console}", path: "/realms/\(realm.name)/account/*", in: realm, logger: logger)
    }

    private func ensure(_ clientID: String, name: String, path: String, in realm: Realm, logger: Logger) async throws -> Client {
        if let existing = try await stores.clients.client(realmID: realm.id, clientID: clientID, logger: logger) { return existing }
        var representation = ClientRepresentation()
        representation.clientId = clientID
        representation.name = name
        representation.publicClient = true
        representation.standardFlowEnabled = true
        representation.directAccessGrantsEnabled = false
        representation.redirectUris = redirectURIs(path: path)
        representation.webOrigins = ["+"]
        representation.attributes = ["pkce.code.challenge.method": "S256", "post.logout.redirect.uris": "+"]
        do {
            return try await RealmContentBuilder(stores: stores, hasher: PasswordHasher(), realm: realm).createClient(representation, logger: logger)
        } catch let error as IdentityError where error.code == .conflict {
            guard let existing = try await stores.clients.client(realmID: realm.id, clientID: clientID, logger: logger) else { throw error }
            return existing
        }
    }
}
