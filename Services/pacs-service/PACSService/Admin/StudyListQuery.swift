/// The study list's search form (`GET {base}/?name=…&id=…&from=…&to=…&modality=…&accession=…&description=…&sort=…&dir=…&page=…`)
/// turned into a study-level ``QIDOQuery``, so the list runs exactly the QIDO query code.
///
/// Name and description without `*`/`?` match anywhere in the value (`smith` → `*smith*`);
/// patient ID and accession match exactly unless they hold wildcards. Dates come from HTML
/// date inputs (`YYYY-MM-DD`) and become a DICOM range (open ended when one side is empty).
struct StudyListQuery: Sendable, Equatable {
    var name = ""
    var patientID = ""
    var from = ""
    var to = ""
    var modality = ""
    var accession = ""
    var description = ""
    var sort: QIDOSort.Key = .studyDate
    var descending = true
    var page = 1

    /// Rows per page.
    static let pageSize = 50
    /// The modalities offered in the filter.
    static let modalities = ["CR", "CT", "DX", "MG", "MR", "NM", "OT", "PT", "RF", "RTDOSE", "RTPLAN", "RTSTRUCT", "SC", "SEG", "SR", "US", "XA"]

    /// Reads the form from the query string; unknown fields are ignored, values are limited to 64 characters.
    /// - Throws: ``PACSError`` `.badRequest` for malformed percent-encoding.
    init(query: String?) throws {
        for (name, value) in try QueryString.parse(query) {
            let text = String(value.trimmingCharacters(in: .whitespaces).prefix(64))
            switch name {
            case "name": self.name = text
            case "id": patientID = text
            case "from": from = text
            case "to": to = text
            case "modality": modality = text
            case "accession": accession = text
            case "description": description = text
            case "sort": sort = QIDOSort.Key(rawValue: text) ?? .studyDate
            case "dir": descending = text != "asc"
            case "page": page = min(max(Int(text) ?? 1, 1), 100_000)
            default: continue
            }
        }
    }

    init() {}

    /// The QIDO query for this form.
    /// - Throws: ``PACSError`` `.badRequest` with a reason for a value QIDO refuses (e.g. a bad date).
    func qido() throws -> QIDOQuery {
        var parameters: [(name: String, value: String)] = []
        if !name.isEmpty { parameters.append(("PatientName", Self.anywhere(name))) }
        if !patientID.isEmpty { parameters.append(("PatientID", patientID)) }
        if !accession.isEmpty { parameters.append(("AccessionNumber", accession)) }
        if !description.isEmpty { parameters.append(("StudyDescription", Self.anywhere(description))) }
        if !modality.isEmpty { parameters.append(("ModalitiesInStudy", modality)) }
        if !from.isEmpty || !to.isEmpty {
            parameters.append(("StudyDate", "\(try Self.dicomDate(from))-\(try Self.dicomDate(to))"))
        }
        parameters.append(("limit", String(Self.pageSize)))
        parameters.append(("offset", String((page - 1) * Self.pageSize)))
        var query = try QIDOQuery(level: .study, study: nil, series: nil, parameters: parameters, defaultLimit: Self.pageSize, maxLimit: Self.pageSize)
        query.sort = QIDOSort(key: sort, descending: descending)
        return query
    }

    /// The form's values as a query string (without `page`, `sort`, `dir` unless given).
    func queryString(page: Int? = nil, sort: QIDOSort.Key? = nil, descending: Bool? = nil) -> String {
        let pairs: [(String, String)] = [
            ("name", name), ("id", patientID), ("from", from), ("to", to), ("modality", modality), ("accession", accession),
            ("description", description), ("sort", (sort ?? self.sort).rawValue), ("dir", (descending ?? self.descending) ? "desc" : "asc"),
            ("page", String(page ?? self.page)),
        ]
        return pairs.filter { !$0.1.isEmpty }.map { "\($0.0)=\(AdminFormat.queryValue($0.1))" }.joined(separator: "&")
    }

    private static func anywhere(_ text: String) -> String {
        text.contains("*") || text.contains("?") ? text : "*\(text)*"
    }

    /// `2024-01-31` or `20240131` → `20240131`; "" stays "" (an open end).
    private static func dicomDate(_ text: String) throws -> String {
        if text.isEmpty { return "" }
        let digits = text.replacingOccurrences(of: "-", with: "")
        guard digits.count == 8, digits.allSatisfy(\.isNumber) else { throw PACSError(.badRequest, "dates must be YYYY-MM-DD") }
        return digits
    }
}
