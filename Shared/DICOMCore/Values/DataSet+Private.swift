/// Private data elements addressed through their creators (PS3.5 §7.8.1).
extension DataSet {
    /// The private creator that reserves a private element's block, e.g. `"SIEMENS CSA HEADER"` for `(0029,1010)`.
    /// - Parameter tag: a private data element tag.
    /// - Returns: nil for standard tags or when the block has no creator in this data set.
    public func privateCreator(of tag: DICOMTag) -> String? {
        guard let creatorTag = tag.privateCreatorTag, let bytes = self[creatorTag]?.bytes else { return nil }
        return String(decoding: bytes, as: UTF8.self).trimmingSpacesAndNULs()
    }

    /// The tag of a private element given its creator, wherever that creator's block was reserved.
    /// - Parameters:
    ///   - creator: the private creator value, e.g. `"GEMS_IDEN_01"`.
    ///   - group: an odd group, e.g. `0x0009`.
    ///   - offset: the element's low byte within the block, e.g. `0x01` for `(0009,xx01)`.
    /// - Returns: the tag in this data set's block, or nil when the creator has no block in the group.
    public func privateTag(creator: String, group: UInt16, offset: UInt8) -> DICOMTag? {
        guard group & 1 == 1 else { return nil }
        for block in UInt16(0x10)...UInt16(0xFF) {
            let creatorTag = DICOMTag(group: group, element: block)
            guard let bytes = self[creatorTag]?.bytes else { continue }
            if String(decoding: bytes, as: UTF8.self).trimmingSpacesAndNULs() == creator {
                return DICOMTag(group: group, element: block << 8 | UInt16(offset))
            }
        }
        return nil
    }
}
