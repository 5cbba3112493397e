extension EncapsulatedPixelData {
    /// The encapsulated value as it is encoded: offset table item, fragment items, sequence delimiter (PS3.5 §A.4).
    /// - Parameters:
    ///   - pixels: the offset table and fragments.
    ///   - littleEndian: byte order of item tags and lengths.
    ///   - delimiter: whether to end with the Sequence Delimitation Item.
    /// - Returns: the encoded items.
    package static func encodeItems(_ pixels: EncapsulatedPixelData, littleEndian: Bool = true, delimiter: Bool = true) -> [UInt8] {
        var writer = ByteWriter(littleEndian: littleEndian)
        writer.item(pixels.basicOffsetTable)
        for fragment in pixels.fragments { writer.item(fragment) }
        if delimiter {
            writer.tag(0xFFFE_E0DD)
            writer.u32(0)
        }
        return writer.bytes
    }
}
