/// Known private data elements, keyed by private creator (PS3.5 §7.8), generated from GDCM's private dictionary.
public enum PrivateDictionary {
    /// The VR and name of a private element reserved by a creator.
    ///
    /// Keys are tried as pydicom does: exact `GGGGEEEE`, then `GGGGxxEE` (any block), then `GGxxxxEE`.
    /// - Parameters:
    ///   - tag: a private data element tag, e.g. `(0019,1010)`.
    ///   - creator: the value of its private creator element, e.g. `"SIEMENS MR HEADER"`.
    /// - Returns: nil when the creator or element is unknown.
    public static func entry(for tag: DICOMTag, creator: String) -> (vr: VR, vm: String, name: String)? {
        guard let elements = table[creator] else { return nil }
        let group = hex4(tag.group)
        let element = hex4(tag.element)
        let low = element.suffix(2)
        for key in [group + element, group + "xx" + low, group.prefix(2) + "xxxx" + low] {
            if let entry = elements[key] { return entry }
        }
        return nil
    }

    /// The VR of a private element (UN when unknown).
    /// - Parameters:
    ///   - tag: the element's tag.
    ///   - creator: its private creator's value.
    /// - Returns: the VR.
    static func vr(for tag: DICOMTag, creator: String) -> VR? {
        entry(for: tag, creator: creator)?.vr
    }

    private static let table: [String: [String: (vr: VR, vm: String, name: String)]] = {
        var result: [String: [String: (vr: VR, vm: String, name: String)]] = [:]
        for line in DataDictionary.privateTable.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 5 else { continue }
            let vr = fields[2].split(separator: "/").first.flatMap { VR(rawValue: String($0)) } ?? .UN
            result[String(fields[0]), default: [:]][String(fields[1])] = (vr, String(fields[3]), String(fields[4]))
        }
        return result
    }()
}
