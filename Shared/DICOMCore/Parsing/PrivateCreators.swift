/// The private creators seen so far in one data set, to give private elements their VR (PS3.5 §7.8.1).
struct PrivateCreators {
    private var entries: [(key: UInt32, value: ArraySlice<UInt8>)] = []

    /// Records a private creator element `(gggg,00bb)`.
    mutating func record(_ tag: DICOMTag, _ value: ArraySlice<UInt8>) {
        entries.append((tag.rawValue, value))
    }

    /// The creator reserving a private element's block, as a trimmed string.
    /// - Returns: nil when the block has no creator in this data set.
    func creator(of tag: DICOMTag) -> String? {
        guard let creatorTag = tag.privateCreatorTag else { return nil }
        guard let entry = entries.last(where: { $0.key == creatorTag.rawValue }) else { return nil }
        return String(decoding: entry.value, as: UTF8.self).trimmingSpacesAndNULs()
    }
}
