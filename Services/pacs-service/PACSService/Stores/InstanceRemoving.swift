import Logging

/// Deletion from the index.
public protocol InstanceRemoving: Sendable {
    /// Removes every index row in a scope (and the series, studies and patients left
    /// empty) in one transaction, keeping counts right.
    /// - Returns: The blobs the removed rows referenced (to delete after the commit); empty when nothing matched.
    /// - Throws: ``PACSError`` `.storage` on database failure.
    func remove(_ scope: RetrieveScope, logger: Logger) async throws -> [BlobKey]
}
