/// Locates frames inside encapsulated Pixel Data (PS3.5 §A.4).
struct EncapsulatedFrames {
    let pixels: EncapsulatedPixelData
    let dataSet: DataSet
    let frameCount: Int

    init(pixels: EncapsulatedPixelData, dataSet: DataSet, frameCount: Int) {
        self.pixels = pixels
        self.dataSet = dataSet
        self.frameCount = frameCount
    }

    func frame(_ index: Int) throws(DICOMError) -> [UInt8] {
        let fragments = pixels.fragments
        guard !fragments.isEmpty else { throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "no fragments") }
        // Offsets of each fragment item from the first fragment item's tag.
        var itemOffsets: [Int] = []
        itemOffsets.reserveCapacity(fragments.count)
        var position = 0
        for fragment in fragments {
            itemOffsets.append(position)
            position += 8 + fragment.count
        }
        if let table = extendedOffsetTable() {
            guard index < table.offsets.count else { throw DICOMError(.notFound, tag: .extendedOffsetTable) }
            return try collect(from: table.offsets[index], length: table.lengths[index], itemOffsets: itemOffsets)
        }
        let basic = BinaryValues.integers(pixels.basicOffsetTable, vr: .UL, littleEndian: true).map { Int($0) }
        if !basic.isEmpty {
            guard index < basic.count else { throw DICOMError(.notFound, tag: .pixelData, detail: "frame beyond Basic Offset Table") }
            let end = index + 1 < basic.count ? basic[index + 1] : position
            guard basic[index] <= end else { throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "Basic Offset Table not ascending") }
            return try collect(itemsFrom: basic[index], to: end, itemOffsets: itemOffsets)
        }
        if frameCount == 1 { return fragments.reduce(into: []) { $0 += $1 } }
        if fragments.count == frameCount { return Array(fragments[index]) }
        // Group fragments at start-of-frame markers: JPEG SOI (FFD8), JPEG 2000 SOC (FF4F) or JP2 signature box.
        var starts: [Int] = []
        for (number, fragment) in fragments.enumerated() where Self.startsFrame(fragment) { starts.append(number) }
        guard starts.count == frameCount, starts.first == 0 else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "cannot locate frames: empty offset table")
        }
        let end = index + 1 < starts.count ? starts[index + 1] : fragments.count
        return fragments[starts[index]..<end].reduce(into: []) { $0 += $1 }
    }

    static func startsFrame(_ fragment: ArraySlice<UInt8>) -> Bool {
        guard fragment.count >= 4 else { return false }
        let first = fragment[fragment.startIndex]
        let second = fragment[fragment.startIndex + 1]
        if first == 0xFF && (second == 0xD8 || second == 0x4F) { return true }
        return fragment.count >= 12 && Array(fragment.prefix(12)) == [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]
    }

    /// Extended Offset Table (7FE0,0001) and its lengths (7FE0,0002), when both are present.
    private func extendedOffsetTable() -> (offsets: [Int], lengths: [Int])? {
        guard let offsets = dataSet[.extendedOffsetTable]?.bytes, let lengths = dataSet[.extendedOffsetTableLengths]?.bytes,
              !offsets.isEmpty else { return nil }
        let decodedOffsets = BinaryValues.unsigned64(offsets, littleEndian: true).map { Int(clamping: $0) }
        let decodedLengths = BinaryValues.unsigned64(lengths, littleEndian: true).map { Int(clamping: $0) }
        guard decodedOffsets.count == decodedLengths.count else { return nil }
        return (decodedOffsets, decodedLengths)
    }

    /// Concatenates fragments whose items start in [start, end).
    private func collect(itemsFrom start: Int, to end: Int, itemOffsets: [Int]) throws(DICOMError) -> [UInt8] {
        var result: [UInt8] = []
        var found = false
        for (number, offset) in itemOffsets.enumerated() where offset >= start && offset < end {
            result += pixels.fragments[number]
            found = true
        }
        guard found else { throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "offset table points at no fragment") }
        return result
    }

    /// `length` bytes of fragment data starting at the item at `offset` (Extended Offset Table).
    private func collect(from offset: Int, length: Int, itemOffsets: [Int]) throws(DICOMError) -> [UInt8] {
        guard let first = itemOffsets.firstIndex(of: offset) else {
            throw DICOMError(.invalidPixelData, tag: .extendedOffsetTable, detail: "offset is not an item start")
        }
        var result: [UInt8] = []
        var number = first
        while result.count < length, number < pixels.fragments.count {
            result += pixels.fragments[number]
            number += 1
        }
        guard result.count >= length else { throw DICOMError(.invalidPixelData, tag: .extendedOffsetTableLengths) }
        return Array(result.prefix(length))
    }
}
