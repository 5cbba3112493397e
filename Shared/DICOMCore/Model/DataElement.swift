/// One data element: tag, VR and its (lazily decoded) value (PS3.5 §7.1).
public struct DataElement: Sendable {
    /// The element's tag.
    public var tag: DICOMTag
    /// The element's VR (explicit, or from the dictionary for implicit VR).
    public var vr: VR
    /// The value.
    public var value: DICOMValue
    /// Byte offset of the element header in the parsed input, or -1 when built in memory.
    public var offset: Int

    /// Creates an element.
    /// - Parameters:
    ///   - tag: the tag.
    ///   - vr: the VR.
    ///   - value: the value.
    ///   - offset: where its header starts in parsed input (-1 when built in memory).
    public init(tag: DICOMTag, vr: VR, value: DICOMValue, offset: Int = -1) {
        self.tag = tag
        self.vr = vr
        self.value = value
        self.offset = offset
    }

    /// The raw value bytes, when the value is held as bytes.
    /// - Returns: nil for sequences, fragments and deferred values.
    public var bytes: ArraySlice<UInt8>? {
        if case .bytes(let bytes) = value { return bytes }
        return nil
    }

    /// The items, when the value is a sequence.
    /// - Returns: nil for any other value.
    public var items: [DataSet]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The value length in bytes as it would be encoded with defined lengths.
    /// For sequences and fragments this is 0 (they are written with undefined length).
    public var valueLength: Int {
        switch value {
        case .bytes(let bytes): return bytes.count
        case .deferred(_, let length): return length
        case .sequence, .fragments: return 0
        }
    }
}

/// The value of a data element, kept undecoded until asked for (as pydicom does).
public enum DICOMValue: Sendable {
    /// Raw value bytes in the data set's byte order, a zero-copy slice of the input.
    case bytes(ArraySlice<UInt8>)
    /// A sequence of items.
    case sequence([DataSet])
    /// Encapsulated (compressed) pixel data: offset table and fragments (PS3.5 §A.4).
    case fragments(EncapsulatedPixelData)
    /// A value not loaded on purpose (pixel data or a large value): where it is in the input.
    /// `length` is the value length in bytes (for skipped encapsulated data: up to and including
    /// its sequence delimiter).
    case deferred(offset: Int, length: Int)
}

/// Encapsulated pixel data: the Basic Offset Table item and the fragment items (PS3.5 §A.4).
public struct EncapsulatedPixelData: Sendable {
    /// The Basic Offset Table item's value (often empty).
    public var basicOffsetTable: ArraySlice<UInt8>
    /// The fragments, in order.
    public var fragments: [ArraySlice<UInt8>]

    /// Creates encapsulated pixel data.
    /// - Parameters:
    ///   - basicOffsetTable: the first item's value.
    ///   - fragments: the remaining items' values.
    public init(basicOffsetTable: ArraySlice<UInt8> = [], fragments: [ArraySlice<UInt8>]) {
        self.basicOffsetTable = basicOffsetTable
        self.fragments = fragments
    }
}
