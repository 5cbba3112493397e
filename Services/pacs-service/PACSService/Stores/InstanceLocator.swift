import Logging

/// A stored instance as retrieval needs it.
public struct StoredFile: Sendable, Hashable {
    public var studyUID: String
    public var seriesUID: String
    public var sopInstanceUID: String
    public var sopClassUID: String
    public var transferSyntaxUID: String
    public var blobKey: BlobKey
    public var size: Int
    public var sha256: String
    public var numberOfFrames: Int?
}

/// Which instances a retrieve names: a study, a series of it, or one instance.
public struct RetrieveScope: Sendable, Hashable {
    public var study: DICOMUID
    public var series: DICOMUID?
    public var instance: DICOMUID?

    /// Creates a scope.
    public init(study: DICOMUID, series: DICOMUID? = nil, instance: DICOMUID? = nil) {
        self.study = study
        self.series = series
        self.instance = instance
    }
}

/// Lookups for WADO-RS and WADO-URI.
public protocol InstanceLocating: Sendable {
    /// The stored files in a scope, ordered by series then instance number.
    /// - Returns: Empty when nothing matches.
    func files(in scope: RetrieveScope, logger: Logger) async throws -> [StoredFile]

    /// The stored DICOM JSON (BulkDataURIs relative to the DICOMweb root) of the instances in a scope.
    /// - Returns: Empty when nothing matches.
    func metadata(in scope: RetrieveScope, logger: Logger) async throws -> [String]
}
