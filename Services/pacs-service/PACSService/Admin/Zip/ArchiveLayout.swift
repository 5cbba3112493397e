/// Paths inside a downloaded study or series ZIP: `Patient/Study/Series/<SOPInstanceUID>.dcm`
/// (no DICOMDIR). Folder names are readable (`DOE^JANE (12345)`, `2024-01-31 CT chest`,
/// `003 CT axial`), made safe for every file system, and unique within their parent.
struct ArchiveLayout {
    private var seriesFolders: [String: String] = [:]
    private var used = Set<String>()
    /// The patient folder.
    let patient: String
    /// The study folder.
    let study: String

    /// Creates the layout of one study.
    init(patientName: String, patientID: String, studyDate: String, studyDescription: String, studyUID: String) {
        let name = patientName.isEmpty ? "Unknown patient" : patientName
        patient = Self.folder(patientID.isEmpty ? name : "\(name) (\(patientID))", fallback: "Unknown patient")
        study = Self.folder([AdminFormat.date(studyDate), studyDescription].filter { !$0.isEmpty }.joined(separator: " "), fallback: studyUID)
    }

    /// Registers a series' folder (call once per series, in order).
    mutating func addSeries(uid: String, number: String, modality: String, description: String) {
        let padded = number.isEmpty ? "" : String(repeating: "0", count: max(0, 3 - number.count)) + number
        var name = Self.folder([padded, modality, description].filter { !$0.isEmpty }.joined(separator: " "), fallback: uid)
        if used.contains(name) {
            var counter = 2
            while used.contains("\(name)-\(counter)") { counter += 1 }
            name = "\(name)-\(counter)"
        }
        used.insert(name)
        seriesFolders[uid] = name
    }

    /// The path of an instance.
    mutating func path(seriesUID: String, sopInstanceUID: String) -> String {
        if seriesFolders[seriesUID] == nil { addSeries(uid: seriesUID, number: "", modality: "", description: "") }
        return "\(patient)/\(study)/\(seriesFolders[seriesUID]!)/\(sopInstanceUID).dcm"
    }

    /// A path component: letters, digits and ` ^()-_.,` kept, anything else `_`; at most 64 characters;
    /// never empty, `.` or `..`.
    static func folder(_ text: String, fallback: String) -> String {
        var result = ""
        for character in text {
            if character.isLetter || character.isNumber || " ^()-_.,".contains(character) {
                result.append(character)
            } else {
                result.append("_")
            }
        }
        result = String(result.prefix(64)).trimmingCharacters(in: .whitespaces)
        while result.hasPrefix(".") { result.removeFirst() }
        while result.hasSuffix(".") || result.hasSuffix(" ") { result.removeLast() }
        return result.isEmpty ? (fallback.isEmpty ? "unnamed" : String(fallback.prefix(64))) : result
    }
}
