import DICOMCore

/// Where a bulk data value sits, handed to the caller's BulkDataURI builder (PS3.18 §F.2.6).
public struct BulkDataReference: Sendable {
    /// Tags from the top-level data set down to the element (sequence tags, then the element's own).
    public var tagPath: [DICOMTag]
    /// Item indices (0-based) inside each sequence on the path; one fewer than `tagPath`.
    public var itemPath: [Int]
    /// The element.
    public var element: DataElement

    /// The element's tag.
    public var tag: DICOMTag { element.tag }
    /// True for top-level Pixel Data (which DICOMweb serves from a frames or bulkdata URL).
    public var isPixelData: Bool { tagPath.count == 1 && element.tag.rawValue == 0x7FE0_0010 }
}
