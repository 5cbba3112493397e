/// The outcome for one instance of a store request (PS3.18 §10.5.3).
public enum StoreResult: Sendable, Hashable {
    /// Stored, or already stored with the same bytes.
    case stored(StoredInstance)
    /// Not stored.
    case failed(FailedInstance)
}

/// An instance the archive now holds.
public struct StoredInstance: Sendable, Hashable {
    public var studyUID: DICOMUID
    public var seriesUID: DICOMUID
    public var sopInstanceUID: DICOMUID
    public var sopClassUID: String
    /// WarningReason (0008,1196) when the archive kept something other than what was sent.
    public var warningReason: UInt16?
}

/// An instance (or part) the archive refused.
public struct FailedInstance: Sendable, Hashable {
    /// The UIDs when the part could be read far enough.
    public var sopInstanceUID: String?
    public var sopClassUID: String?
    /// FailureReason (0008,1197).
    public var reason: FailureReason
    /// Why, for logs and the error text (no patient data).
    public var detail: String
}

/// Failure reasons of the Store Instances response (PS3.18 §10.5.3, PS3.4 Annex B, PS3.7 Annex C).
public struct FailureReason: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 0110H Processing failure (storage or index error).
    public static let processingFailure = FailureReason(rawValue: 0x0110)
    /// 0111H Duplicate SOP Instance (a different instance with this UID is stored; policy `reject`).
    public static let duplicateSOPInstance = FailureReason(rawValue: 0x0111)
    /// A700H Refused: out of resources (instance larger than allowed).
    public static let outOfResources = FailureReason(rawValue: 0xA700)
    /// A900H Data set does not match SOP Class (required UIDs missing or invalid, or the
    /// StudyInstanceUID differs from the one in the request URL).
    public static let dataSetMismatch = FailureReason(rawValue: 0xA900)
    /// C000H Cannot understand (not a DICOM Part 10 file, or corrupt).
    public static let cannotUnderstand = FailureReason(rawValue: 0xC000)
}

/// Warning reasons of the Store Instances response.
public enum WarningReason {
    /// B000H Coercion of data elements: a different instance with this SOP Instance UID was kept (policy `ignore`).
    public static let coercion: UInt16 = 0xB000
}
