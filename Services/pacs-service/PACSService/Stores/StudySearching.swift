import Logging

/// QIDO-RS searches over the index.
public protocol StudySearching: Sendable {
    /// Runs a search.
    /// - Parameters:
    ///   - query: The parsed query.
    ///   - root: The DICOMweb root URL for RetrieveURLs.
    ///   - logger: Request logger.
    /// - Returns: At most `query.limit` DICOM JSON objects, and whether more matched.
    /// - Throws: ``PACSError`` `.badRequest` for matching the index cannot do, `.storage` on failure.
    func search(_ query: QIDOQuery, root: String, logger: Logger) async throws -> SearchPage
}

/// One page of search results.
public struct SearchPage: Sendable {
    /// DICOM JSON objects, one per match.
    public var objects: [String]
    /// Whether more results match beyond this page.
    public var hasMore: Bool
}
