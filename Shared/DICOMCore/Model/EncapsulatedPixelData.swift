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
