/// Everything the index records about one stored instance.
public struct InstanceRecord: Sendable {
    /// The typed attributes.
    public var attributes: InstanceAttributes
    /// Where its bytes are.
    public var blobKey: BlobKey
    /// Its size in bytes.
    public var blobSize: Int
    /// SHA-256 of its bytes, lower-case hex (identical re-sends are recognised by it).
    public var sha256: String
    /// Its DICOM JSON without bulk data, BulkDataURIs relative to the DICOMweb root.
    public var metadataJSON: String

    /// Creates a record.
    public init(attributes: InstanceAttributes, blobKey: BlobKey, blobSize: Int, sha256: String, metadataJSON: String) {
        self.attributes = attributes
        self.blobKey = blobKey
        self.blobSize = blobSize
        self.sha256 = sha256
        self.metadataJSON = metadataJSON
    }
}

/// What indexing an instance did.
public enum IndexOutcome: Sendable, Hashable {
    /// A new instance was indexed.
    case stored
    /// The same bytes were already stored: nothing changed (the new blob is not needed).
    case identical
    /// A different instance with this SOP Instance UID exists and the policy is `reject`.
    case duplicateRejected
    /// The stored instance was replaced; its blob is no longer referenced.
    case replaced(previous: BlobKey)
    /// A different instance exists and the policy is `ignore` (the new blob is not needed).
    case ignored
}
