/// A LUT from a descriptor and data (Modality, VOI or palette LUTs, PS3.3 §C.11).
struct LookupTable {
    /// The first input value mapped.
    var firstMapped: Int
    /// Bits per entry.
    var bits: Int
    /// The entries.
    var entries: [Int]

    /// Reads a LUT from a descriptor element and a data element of a data set.
    /// - Returns: nil when either is missing or malformed.
    init?(in dataSet: DataSet, descriptor: DICOMTag, data: DICOMTag) {
        guard let descriptorBytes = dataSet[descriptor]?.bytes, descriptorBytes.count >= 6,
              let dataElement = dataSet[data], let dataBytes = dataElement.bytes else { return nil }
        let values = BinaryValues.integers(descriptorBytes, vr: .US, littleEndian: dataSet.isLittleEndian)
        var count = Int(values[0])
        if count == 0 { count = 65536 }
        // The first mapped value is US or SS depending on Pixel Representation (PS3.3 §C.11.1.1.1).
        let firstRaw = Int(values[1])
        firstMapped = dataSet.integer(.pixelRepresentation) == 1 ? Int(Int16(truncatingIfNeeded: firstRaw)) : firstRaw
        bits = Int(values[2])
        if bits == 8 && dataBytes.count == count {
            entries = dataBytes.map { Int($0) }
        } else {
            let words = BinaryValues.integers(dataBytes, vr: .US, littleEndian: dataSet.isLittleEndian).map { Int($0) }
            guard words.count >= count else { return nil }
            entries = Array(words.prefix(count))
        }
        guard !entries.isEmpty else { return nil }
    }

    /// Reads a segmented palette LUT: descriptor plus segmented data (PS3.3 §C.7.9.2).
    /// - Returns: nil when either is missing or malformed.
    init?(in dataSet: DataSet, descriptor: DICOMTag, segmentedData: DICOMTag) {
        guard let descriptorBytes = dataSet[descriptor]?.bytes, descriptorBytes.count >= 6,
              let dataBytes = dataSet[segmentedData]?.bytes else { return nil }
        let values = BinaryValues.integers(descriptorBytes, vr: .US, littleEndian: dataSet.isLittleEndian)
        let words = BinaryValues.integers(dataBytes, vr: .US, littleEndian: dataSet.isLittleEndian).map { Int($0) }
        guard let expanded = SegmentedLUT.expand(words) else { return nil }
        firstMapped = Int(values[1])
        bits = Int(values[2])
        entries = expanded
    }

    /// Looks up a value, clamping to the first and last entries.
    func callAsFunction(_ value: Int) -> Int {
        entries[min(max(value - firstMapped, 0), entries.count - 1)]
    }

    /// The largest value an entry can hold.
    var maximum: Int { (1 << min(bits, 16)) - 1 }
}
