/// An order for study-level searches other than QIDO's default (newest study first), used by
/// the admin UI's sortable study list. QIDO-RS itself defines no ordering parameter, so this
/// is set in code only, never parsed from a DICOMweb request.
public struct QIDOSort: Sendable, Hashable {
    /// The study attribute to order by.
    public enum Key: String, Sendable, CaseIterable {
        case patientName = "name", patientID = "id", studyDate = "date", accessionNumber = "accession"
        case studyDescription = "description", modalities = "modality", instances = "instances"
    }

    /// The attribute.
    public var key: Key
    /// Descending instead of ascending.
    public var descending: Bool

    /// Creates an order.
    public init(key: Key, descending: Bool) {
        self.key = key
        self.descending = descending
    }

    /// The ORDER BY list over the `studies st` columns (fixed SQL; no input is interpolated),
    /// ending with the primary key so paging stays stable.
    var studySQL: String {
        let direction = descending ? "DESC" : "ASC"
        let nulls = descending ? "NULLS LAST" : "NULLS FIRST"
        switch key {
        case .patientName: return "st.patient_name_key \(direction), st.pk"
        case .patientID: return "st.patient_id \(direction), st.pk"
        case .studyDate: return "st.study_date \(direction) \(nulls), st.study_time \(direction) \(nulls), st.pk"
        case .accessionNumber: return "st.accession_number \(direction), st.pk"
        case .studyDescription: return "st.study_description \(direction), st.pk"
        case .modalities: return "st.modalities \(direction), st.pk"
        case .instances: return "st.instance_count \(direction), st.pk"
        }
    }
}
