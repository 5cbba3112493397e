import Logging

/// The archive's index as the ingest flow sees it.
public protocol InstanceIndex: Sendable {
    /// Indexes an instance whose blob is durable, in one transaction, keeping counts right.
    /// - Parameters:
    ///   - record: The instance.
    ///   - policy: What a different instance with the same SOP Instance UID does.
    ///   - logger: Request logger.
    /// - Returns: What happened.
    /// - Throws: ``PACSError`` `.storage` when the database fails.
    func index(_ record: InstanceRecord, policy: DuplicatePolicy, logger: Logger) async throws -> IndexOutcome

    /// The subset of `keys` that index rows reference.
    func referencedBlobs(_ keys: [BlobKey], logger: Logger) async throws -> Set<BlobKey>
}
