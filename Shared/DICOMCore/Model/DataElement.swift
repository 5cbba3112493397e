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
