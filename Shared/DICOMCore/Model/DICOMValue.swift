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
