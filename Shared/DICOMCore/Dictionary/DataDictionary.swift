/// One data dictionary entry (PS3.6 §6).
public struct DictionaryEntry: Sendable, Hashable {
    /// The tag (for masked entries, the tag with the masked digits zero).
    public var tag: DICOMTag
    /// Allowed VRs, most specific first (`US or SS` gives `[.US, .SS]`); empty for item delimiters.
    public var vrs: [VR]
    /// Value multiplicity, e.g. `"1"`, `"1-n"`, `"2-2n"`.
    public var vm: String
    /// The keyword, e.g. `PatientName`.
    public var keyword: String
    /// The name, e.g. `Patient's Name`.
    public var name: String
    /// True when the standard has retired the element.
    public var isRetired: Bool

    /// The VR used when a value must be read without an explicit VR: the first of `vrs`, or UN.
    public var vr: VR { vrs.first ?? .UN }
}

/// The DICOM data dictionary: every standard element including repeating groups
/// (50xx, 60xx, …) and masked ranges, generated from PS3.6 via pydicom's tables.
public enum DataDictionary {
    /// Looks up a tag: exact entries first, then repeating-group and masked entries.
    /// Private creators `(gggg,0010-00FF)` and group lengths `(gggg,0000)` get synthetic entries.
    /// - Parameter tag: the tag to look up.
    /// - Returns: nil for private data elements and unknown tags.
    public static func entry(for tag: DICOMTag) -> DictionaryEntry? {
        if let entry = tables.byTag[tag.rawValue] { return entry }
        if tag.isPrivate {
            if tag.isPrivateCreator {
                return DictionaryEntry(tag: tag, vrs: [.LO], vm: "1", keyword: "PrivateCreator", name: "Private Creator", isRetired: false)
            }
            if tag.isGroupLength {
                return DictionaryEntry(tag: tag, vrs: [.UL], vm: "1", keyword: "", name: "Private Group Length", isRetired: false)
            }
            return nil
        }
        for masked in tables.masked where tag.rawValue & masked.mask == masked.entry.tag.rawValue {
            return masked.entry
        }
        if tag.isGroupLength {
            return DictionaryEntry(tag: tag, vrs: [.UL], vm: "1", keyword: "", name: "Group Length", isRetired: false)
        }
        return nil
    }

    /// The VR to use for an implicit-VR element: the dictionary VR, LO for private creators,
    /// UL for group lengths, UN otherwise.
    /// - Parameter tag: the element's tag.
    /// - Returns: the VR.
    @inline(__always)
    public static func implicitVR(for tag: DICOMTag) -> VR {
        if let vr = tables.vrByTag[tag.rawValue] { return vr }
        return entry(for: tag)?.vr ?? .UN
    }

    /// True when the dictionary gives several VRs for the tag (resolved from context when reading implicit VR).
    /// - Parameter tag: the tag.
    /// - Returns: whether the VR is ambiguous.
    @inline(__always)
    public static func isAmbiguous(_ tag: DICOMTag) -> Bool {
        tables.ambiguous.contains(tag.rawValue) || (tag.group & 0xFF01 == 0x6000 && tag.element == 0x3000)
    }

    /// Looks up a standard tag by keyword, e.g. `"PatientName"`.
    /// - Parameter keyword: the exact keyword.
    /// - Returns: nil for unknown keywords and repeating-group keywords.
    public static func tag(forKeyword keyword: String) -> DICOMTag? {
        tables.byKeyword[keyword]
    }

    /// Every exact (non-masked) entry, in tag order.
    public static var allEntries: [DictionaryEntry] {
        tables.byTag.values.sorted { $0.tag < $1.tag }
    }

    /// The number of masked (repeating-group) entries.
    public static var maskedEntryCount: Int { tables.masked.count }

    struct Masked: Sendable {
        var mask: UInt32
        var entry: DictionaryEntry
    }

    struct Tables: Sendable {
        var byTag: [UInt32: DictionaryEntry] = [:]
        var vrByTag: [UInt32: VR] = [:]
        /// Tags whose dictionary VR is ambiguous (`US or SS`, `OB or OW`, …).
        var ambiguous: Set<UInt32> = []
        var byKeyword: [String: DICOMTag] = [:]
        var masked: [Masked] = []
    }

    /// Parsed once, on first use, from the generated text tables.
    static let tables: Tables = {
        var tables = Tables()
        tables.byTag.reserveCapacity(5200)
        for line in standardTable.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 6, let raw = UInt32(fields[0], radix: 16) else { continue }
            let entry = DictionaryEntry(
                tag: DICOMTag(raw), vrs: parseVRs(fields[1]), vm: String(fields[2]),
                keyword: String(fields[3]), name: String(fields[4]), isRetired: fields[5] == "1")
            tables.byTag[raw] = entry
            tables.vrByTag[raw] = entry.vr
            if entry.vrs.count > 1 { tables.ambiguous.insert(raw) }
            if !entry.keyword.isEmpty { tables.byKeyword[entry.keyword] = entry.tag }
        }
        for line in maskedTable.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 7, let value = UInt32(fields[0], radix: 16),
                  let mask = UInt32(fields[1], radix: 16) else { continue }
            let entry = DictionaryEntry(
                tag: DICOMTag(value), vrs: parseVRs(fields[2]), vm: String(fields[3]),
                keyword: String(fields[4]), name: String(fields[5]), isRetired: fields[6] == "1")
            tables.masked.append(Masked(mask: mask, entry: entry))
        }
        return tables
    }()

    private static func parseVRs(_ field: Substring) -> [VR] {
        field.split(separator: "/").compactMap { VR(rawValue: String($0)) }
    }
}
