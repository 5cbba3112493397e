/// Encapsulated pixel data: offset table and fragment items (PS3.5 §A.4).
extension DataSetParser {
    /// Parses the Basic Offset Table and fragments of encapsulated pixel data (PS3.5 §A.4).
    func parseFragments(from start: Int, to end: Int, tag: DICOMTag, littleEndian: Bool) throws(DICOMError) -> (EncapsulatedPixelData, Int) {
        var offsetTable: ArraySlice<UInt8>?
        var fragments: [ArraySlice<UInt8>] = []
        var position = start
        let available = min(end, bytes.count)
        while true {
            guard available - position >= 8 else {
                if available < end { throw Self.needMoreData }
                throw DICOMError(.truncated, offset: position, tag: tag, detail: "fragment header")
            }
            let itemTag = u32tag(position, littleEndian)
            let length = u32(position + 4, littleEndian)
            if itemTag == 0xFFFE_E0DD {
                position += 8
                break
            }
            guard itemTag == 0xFFFE_E000 else {
                throw DICOMError(.invalidItem, offset: position, tag: tag, detail: "expected fragment item")
            }
            guard length != Self.undefinedLength, Int(length) <= available - position - 8 else {
                if available < end && length != Self.undefinedLength { throw Self.needMoreData }
                throw DICOMError(.invalidLength, offset: position, tag: tag, detail: "fragment length \(length) past end")
            }
            let value = bytes[(position + 8)..<(position + 8 + Int(length))]
            if offsetTable == nil { offsetTable = value } else { fragments.append(value) }
            position += 8 + Int(length)
        }
        return (EncapsulatedPixelData(basicOffsetTable: offsetTable ?? [], fragments: fragments), position)
    }

    /// Walks fragment item headers without keeping them, returning the offset past the delimiter.
    func skipFragments(from start: Int, to end: Int, tag: DICOMTag, littleEndian: Bool) throws(DICOMError) -> Int {
        var position = start
        let available = min(end, bytes.count)
        while true {
            guard available - position >= 8 else {
                if available < end { throw Self.needMoreData }
                throw DICOMError(.truncated, offset: position, tag: tag, detail: "fragment header")
            }
            let itemTag = u32tag(position, littleEndian)
            let length = u32(position + 4, littleEndian)
            if itemTag == 0xFFFE_E0DD { return position + 8 }
            guard itemTag == 0xFFFE_E000, length != Self.undefinedLength,
                  Int(length) <= min(end, declaredLength) - position - 8 else {
                throw DICOMError(.invalidItem, offset: position, tag: tag, detail: "bad fragment item")
            }
            position += 8 + Int(length)
        }
    }
}
