import Foundation
import PostgresSupport
import ServiceSupport

/// pacs-service's configuration.
///
/// Keys: the shared server keys (`HTTP_HOST`, `HTTP_PORT` = 8042, `PUBLIC_URL`, `LOG_LEVEL`,
/// `LOG_FORMAT`, `SHUTDOWN_TIMEOUT`), the database keys (`DATABASE_URL` required,
/// `DATABASE_POOL_SIZE` = 10, `DATABASE_POOL_MIN` = the pool size, `DATABASE_STARTUP_TIMEOUT` = 60) and the archive's own:
/// - `PACS_STORAGE_DIR` path, `.data/pacs-storage` — root of the blob tree.
/// - `PACS_DUPLICATE_POLICY` `reject|replace|ignore`, `reject` — what a different instance with an
///   already stored SOP Instance UID does (an identical re-send always succeeds).
/// - `PACS_MAX_INSTANCE_SIZE` MiB, `4096` — largest accepted instance (one part of a STOW body).
/// - `PACS_MAX_PARTS` int, `100000` — most parts in one STOW request.
/// - `PACS_QIDO_DEFAULT_LIMIT` int, `1000` — results per QIDO response when `limit` is absent.
/// - `PACS_QIDO_MAX_LIMIT` int, `10000` — the largest `limit` honoured.
/// - `PACS_ORPHAN_GRACE` seconds, `3600` — age after which an unindexed blob is collected.
/// - `PACS_ORPHAN_INTERVAL` seconds, `3600` — how often orphans are looked for (0: only at start).
/// - `PACS_TRUST_FORWARDED` bool, `true` — build URLs from `X-Forwarded-Proto/Host/Prefix`.
/// - `PACS_CORS_ORIGINS` list, empty — origins allowed by CORS (comma-separated, `*` for any).
/// - the token keys of ``PACSAuthSettings`` (`PACS_AUTH`, `PACS_REALM`, `PACS_ISSUER`, `PACS_IDENTITY_URLS`).
public struct PACSConfiguration: Sendable {
    /// Listening and logging.
    public var server: ServerSettings
    /// The archive's index database.
    public var database: DatabaseSettings
    /// Root directory of the blob store.
    public var storageDirectory: String
    /// What a different instance with a known SOP Instance UID does.
    public var duplicatePolicy: DuplicatePolicy
    /// Largest accepted instance in bytes.
    public var maxInstanceBytes: Int
    /// Most parts accepted in one STOW-RS request.
    public var maxParts: Int
    /// QIDO-RS results when no `limit` is given.
    public var qidoDefaultLimit: Int
    /// Largest QIDO-RS `limit` honoured.
    public var qidoMaxLimit: Int
    /// Age after which an unindexed blob counts as an orphan.
    public var orphanGrace: Duration
    /// Interval between orphan sweeps; zero sweeps only at start.
    public var orphanInterval: Duration
    /// Whether `X-Forwarded-*` headers set the URLs the service writes.
    public var trustForwardedHeaders: Bool
    /// Bearer token verification.
    public var auth: PACSAuthSettings
    /// Origins allowed by CORS (`*` for any); empty disables CORS headers.
    public var corsOrigins: Set<String>

    /// Every key the service reads beyond the shared server keys.
    public static let keys: [ConfigurationKey] = DatabaseSettings.keys + [
        .pacsStorageDir, .pacsDuplicatePolicy, .pacsMaxInstanceSize, .pacsMaxParts, .pacsQidoDefaultLimit,
        .pacsQidoMaxLimit, .pacsOrphanGrace, .pacsOrphanInterval, .pacsTrustForwarded, .pacsCORSOrigins,
    ] + PACSAuthSettings.keys

    /// Reads and validates the configuration.
    /// - Throws: ``ConfigurationError`` naming the first bad key.
    public init(config: ConfigValues, server: ServerSettings) throws {
        self.server = server
        self.database = try DatabaseSettings(config: config)
        storageDirectory = config.string(.pacsStorageDir, default: ".data/pacs-storage")
        let policy = try config.choice(.pacsDuplicatePolicy, default: "reject", allowed: DuplicatePolicy.allCases.map(\.rawValue))
        duplicatePolicy = DuplicatePolicy(rawValue: policy) ?? .reject
        maxInstanceBytes = try config.int(.pacsMaxInstanceSize, default: 4096, range: 1...1_048_576) << 20
        maxParts = try config.int(.pacsMaxParts, default: 100_000, range: 1...10_000_000)
        qidoMaxLimit = try config.int(.pacsQidoMaxLimit, default: 10_000, range: 1...1_000_000)
        qidoDefaultLimit = try config.int(.pacsQidoDefaultLimit, default: 1000, range: 1...qidoMaxLimit)
        orphanGrace = .seconds(try config.int(.pacsOrphanGrace, default: 3600, range: 0...31_536_000))
        orphanInterval = .seconds(try config.int(.pacsOrphanInterval, default: 3600, range: 0...31_536_000))
        trustForwardedHeaders = try config.bool(.pacsTrustForwarded, default: true)
        corsOrigins = try Self.origins(config.string(.pacsCORSOrigins, default: ""))
        auth = try PACSAuthSettings(config: config, server: server)
    }

    /// Parses the CORS origin list.
    /// - Throws: ``ConfigurationError`` for an entry that is not `*` or `scheme://host[:port]`.
    static func origins(_ text: String) throws -> Set<String> {
        var origins = Set<String>()
        for item in text.split(separator: ",") {
            let origin = item.trimmingCharacters(in: .whitespaces)
            guard origin == "*" || ((origin.hasPrefix("http://") || origin.hasPrefix("https://")) && URL(string: origin)?.host != nil && URL(string: origin)?.path.isEmpty == true) else {
                throw ConfigurationError(.invalid, key: ConfigurationKey.pacsCORSOrigins.name, reason: "must list origins like https://viewer.example.org, or *")
            }
            origins.insert(origin)
        }
        return origins
    }
}
