import Logging
import PostgresNIO
import PostgresSupport

/// The archive's index in PostgreSQL (schema `pacs`, see the migrations).
///
/// Writes lock the study row first (patient, then study, then series), so concurrent
/// stores into one study serialise and the maintained counts stay exact.
public struct PostgresInstanceIndex: InstanceIndex {
    /// The pool.
    public let client: PostgresClient

    /// Creates the index over a pool whose search path is the `pacs` schema.
    public init(client: PostgresClient) {
        self.client = client
    }

    public func index(_ record: InstanceRecord, policy: DuplicatePolicy, logger: Logger) async throws -> IndexOutcome {
        do {
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    try await IndexWriter(connection: connection, logger: logger).index(record, policy: policy)
                }
            } catch where PostgresErrors.isUniqueViolation(error) {
                // A concurrent request indexed the same SOP Instance UID first: decide again against its row.
                return try await client.withTransaction(logger: logger) { connection in
                    try await IndexWriter(connection: connection, logger: logger).index(record, policy: policy)
                }
            }
        } catch let error as PACSError {
            throw error
        } catch {
            logger.error("index write failed", metadata: ["error": "\(String(reflecting: error))"])
            throw PACSError(.storage, "index write failed")
        }
    }

    public func referencedBlobs(_ keys: [BlobKey], logger: Logger) async throws -> Set<BlobKey> {
        guard !keys.isEmpty else { return [] }
        let rows = try await client.query("SELECT blob_key FROM instances WHERE blob_key = ANY(\(keys.map(\.rawValue)))", logger: logger)
        var found = Set<BlobKey>()
        for try await key in rows.decode(String.self) {
            if let key = BlobKey(rawValue: key) { found.insert(key) }
        }
        return found
    }
}
