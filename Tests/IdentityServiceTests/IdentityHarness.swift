import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import PostgresSupport
import ServiceSupport
import TestSupport
@testable import IdentityService

/// A migrated test database with identity-service's stores and flows, plus helpers to
/// build realms, clients and users quickly (cheap password hashing unless a test asks).
struct IdentityHarness {
    let database: TestDatabase
    let client: PostgresClient
    let stores: IdentityStores
    let flows: IdentityFlows
    let logger = Logger.quiet("identity-tests")
    static let publicURL = "https://imaging.example.org"

    /// Runs `body` with a fresh, migrated database.
    static func with<T: Sendable>(_ body: (IdentityHarness) async throws -> T) async throws -> T {
        try await TestDatabase.with { database in
            let logger = Logger.quiet("identity-tests")
            let runtime = DatabaseRuntime(settings: database.settings, schema: identitySchema, logger: logger)
            return try await runtime.client.running {
                try await runtime.migrate(try identityMigrations(), logger: logger)
                let stores = IdentityStores.postgres(runtime.client)
                let harness = IdentityHarness(database: database, client: runtime.client, stores: stores,
                                              flows: IdentityFlows(stores: stores, publicURL: publicURL))
                let result = try await body(harness)
                await (stores.events as? BatchingEventStore)?.written()  // before the pool closes
                return result
            }
        }
    }

    /// A realm with cheap hashing (`hashIterations(1000)`) unless `policy` says otherwise.
    func makeRealm(_ name: String = "test", policy: String = "hashIterations(1000)", configure: (inout RealmSettings) -> Void = { _ in }) async throws -> Realm {
        var settings = RealmSettings()
        settings.passwordPolicy = policy
        configure(&settings)
        return try await RealmProvisioner(stores: stores).create(Realm(name: name, settings: settings), logger: logger)
    }

    /// A client created through the admin representation.
    @discardableResult
    func makeClient(_ realm: Realm, _ clientID: String, configure: (inout ClientRepresentation) -> Void = { _ in }) async throws -> Client {
        var representation = ClientRepresentation()
        representation.clientId = clientID
        configure(&representation)
        return try await RealmContentBuilder(stores: stores, hasher: PasswordHasher(), realm: realm).createClient(representation, logger: logger)
    }

    /// A user with a password and optional realm roles.
    @discardableResult
    func makeUser(_ realm: Realm, _ username: String, password: String = "correct horse", email: String? = nil,
                  roles: [String] = [], temporary: Bool = false, enabled: Bool = true) async throws -> User {
        var representation = UserRepresentation()
        representation.username = username
        representation.email = email
        representation.firstName = "Ada"
        representation.lastName = "Lovelace"
        representation.enabled = enabled
        representation.credentials = [CredentialRepresentation(value: password, temporary: temporary)]
        representation.realmRoles = roles
        return try await RealmContentBuilder(stores: stores, hasher: PasswordHasher(), realm: realm)
            .createUser(representation, grantDefaultRoles: true, logger: logger)
    }

    /// The service's router over these flows, for in-process HTTP tests.
    func application() -> some ApplicationProtocol {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        IdentityRoutes(flows: flows, themes: try! ThemeRenderer.bundled()).register(on: router)
        return Application(router: router, logger: logger)
    }
}

/// A form-encoded body.
func formBody(_ fields: [String: String]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.sorted { $0.key < $1.key }
        .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
        .joined(separator: "&")
    return ByteBuffer(string: text)
}

/// Headers of a form POST, optionally with HTTP Basic client authentication.
func formHeaders(basic: (String, String)? = nil) -> HTTPFields {
    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    if let (user, password) = basic {
        headers[.authorization] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
    return headers
}

/// Decodes a JSON object body.
func jsonObject(_ buffer: ByteBuffer) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] ?? [:]
}
