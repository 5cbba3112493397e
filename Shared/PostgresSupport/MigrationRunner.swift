import Crypto
import Logging
import PostgresNIO

/// Applies a service's migrations to its own schema: each pending migration once, in
/// its own transaction, recorded in `<schema>.schema_migrations` with a checksum.
///
/// Replicas may start together: every step takes a transaction-scoped advisory lock
/// keyed on the schema, so one replica applies while the others wait and then find
/// nothing left to do.
public struct MigrationRunner: Sendable {
  /// The service's schema, e.g. `identity`.
  public let schema: String
  /// Every known migration, ascending.
  public let migrations: [Migration]

  /// Creates a runner.
  /// - Precondition: `schema` is a plain lower-case SQL identifier.
  public init(schema: String, migrations: [Migration]) {
    precondition(
      schema.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        && !schema.isEmpty, "bad schema name")
    self.schema = schema
    self.migrations = migrations.sorted { $0.version < $1.version }
  }

  /// Applies what is pending.
  /// - Returns: The versions this call applied (empty when up to date).
  /// - Throws: ``MigrationError`` on a changed or failing migration; `PSQLError` when the database is unreachable.
  @discardableResult
  public func run(on client: PostgresClient, logger: Logger) async throws -> [Int] {
    try await unwrappingTransactionErrors {
      try await client.withTransaction(logger: logger) { connection in
        try await lock(connection, logger: logger)
        // Only when missing: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the
        // database even when the schema exists, which a role given only its own schema (as
        // deploy/postgres/init-databases.sh does) lacks.
        let existing = try await connection.query(
          "SELECT 1 FROM pg_namespace WHERE nspname = \(schema)", logger: logger)
        if try await existing.collect().isEmpty {
          try await connection.query(
            PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: logger)
        }
        try await connection.query(
          PostgresQuery(
            unsafeSQL: """
              CREATE TABLE IF NOT EXISTS \(schema).schema_migrations (
                  version integer PRIMARY KEY,
                  name text NOT NULL,
                  checksum text NOT NULL,
                  applied_at timestamptz NOT NULL DEFAULT now())
              """), logger: logger)
      }
    }
    var applied: [Int] = []
    for migration in migrations {
      let didApply = try await unwrappingTransactionErrors {
        try await client.withTransaction(logger: logger) { connection in
          try await apply(migration, on: connection, logger: logger)
        }
      }
      if didApply { applied.append(migration.version) }
    }
    try await warnAboutUnknownVersions(client: client, logger: logger)
    return applied
  }

  /// Rethrows the error a transaction's closure threw instead of postgres-nio's wrapper.
  private func unwrappingTransactionErrors<Result>(_ operation: () async throws -> Result)
    async throws -> Result
  {
    do {
      return try await operation()
    } catch let error as PostgresTransactionError {
      throw error.closureError ?? error
    }
  }

  /// Applies one migration inside the caller's transaction unless it is recorded already.
  private func apply(_ migration: Migration, on connection: PostgresConnection, logger: Logger)
    async throws -> Bool
  {
    try await lock(connection, logger: logger)
    let checksum = Self.checksum(migration.sql)
    let recorded = try await connection.query(
      PostgresQuery(
        unsafeSQL: "SELECT checksum FROM \(schema).schema_migrations WHERE version = $1",
        binds: binds(migration.version)),
      logger: logger)
    for try await existing in recorded.decode(String.self) {
      guard existing == checksum else {
        throw MigrationError(.checksumMismatch, detail: "\(migration.version)_\(migration.name)")
      }
      return false
    }
    do {
      try await connection.query(
        PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(schema)"), logger: logger)
      try await connection.query(
        PostgresQuery(unsafeSQL: Self.script(migration.sql)), logger: logger)
    } catch let error as PSQLError {
      throw MigrationError(
        .failed,
        detail:
          "\(migration.version)_\(migration.name): \(error.serverInfo?[.message] ?? "\(error.code)")"
      )
    }
    var recordBinds = PostgresBindings()
    recordBinds.append(migration.version)
    recordBinds.append(migration.name)
    recordBinds.append(checksum)
    try await connection.query(
      PostgresQuery(
        unsafeSQL:
          "INSERT INTO \(schema).schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
        binds: recordBinds),
      logger: logger)
    logger.info(
      "applied migration",
      metadata: [
        "schema": "\(schema)", "version": "\(migration.version)", "name": "\(migration.name)",
      ])
    return true
  }

  private func lock(_ connection: PostgresConnection, logger: Logger) async throws {
    let key = "tessera.migrations.\(schema)"
    try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger: logger)
  }

  private func warnAboutUnknownVersions(client: PostgresClient, logger: Logger) async throws {
    let known = migrations.last?.version ?? 0
    let rows = try await client.query(
      PostgresQuery(
        unsafeSQL: "SELECT version FROM \(schema).schema_migrations WHERE version > $1",
        binds: binds(known)), logger: logger)
    for try await version in rows.decode(Int.self) {
      logger.warning(
        "database has a newer migration than this build",
        metadata: ["schema": "\(schema)", "version": "\(version)"])
    }
  }

  private func binds(_ value: Int) -> PostgresBindings {
    var bindings = PostgresBindings()
    bindings.append(value)
    return bindings
  }

  /// Wraps a multi-statement script so it runs over the extended protocol:
  /// PL/pgSQL's EXECUTE accepts several statements in one string.
  static func script(_ sql: String) -> String {
    var tag = "m"
    while sql.contains("$\(tag)$") || sql.contains("$outer_\(tag)$") { tag += "m" }
    return "DO $outer_\(tag)$ BEGIN EXECUTE $\(tag)$\(sql)$\(tag)$; END $outer_\(tag)$"
  }

  /// Hex SHA-256 of the script.
  static func checksum(_ sql: String) -> String {
    SHA256.hash(data: Array(sql.utf8)).map { String(format: "%02x", $0) }.joined()
  }
}
