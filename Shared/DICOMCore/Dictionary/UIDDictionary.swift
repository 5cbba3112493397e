/// One registered UID (PS3.6 Annex A).
public struct UIDEntry: Sendable, Hashable {
    /// The UID.
    public var uid: String
    /// Its type, e.g. `"Transfer Syntax"`, `"SOP Class"`.
    public var type: String
    /// The keyword, e.g. `CTImageStorage`.
    public var keyword: String
    /// The name, e.g. `CT Image Storage`.
    public var name: String
    /// True when the standard has retired the UID.
    public var isRetired: Bool
}

/// The registry of DICOM UIDs: transfer syntaxes, SOP classes, well-known instances.
public enum UIDDictionary {
    /// Looks up a UID.
    /// - Parameter uid: the UID (trailing NUL padding allowed).
    /// - Returns: nil for UIDs the standard does not register.
    public static func entry(for uid: String) -> UIDEntry? {
        byUID[uid] ?? byUID[String(uid.prefix { $0 != "\0" && $0 != " " })]
    }

    /// Looks up a UID by keyword, e.g. `"CTImageStorage"`.
    /// - Parameter keyword: the exact keyword.
    /// - Returns: nil for unknown keywords.
    public static func uid(forKeyword keyword: String) -> String? {
        byKeyword[keyword]
    }

    /// Every registered UID entry, sorted by UID.
    public static var allEntries: [UIDEntry] { byUID.values.sorted { $0.uid < $1.uid } }

    private static let byUID: [String: UIDEntry] = {
        var result: [String: UIDEntry] = [:]
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 5 else { continue }
            let entry = UIDEntry(uid: String(fields[0]), type: String(fields[1]), keyword: String(fields[2]),
                                 name: String(fields[3]), isRetired: fields[4] == "1")
            result[entry.uid] = entry
        }
        return result
    }()

    private static let byKeyword: [String: String] = {
        Dictionary(byUID.values.filter { !$0.keyword.isEmpty }.map { ($0.keyword, $0.uid) }, uniquingKeysWith: { first, _ in first })
    }()
}
