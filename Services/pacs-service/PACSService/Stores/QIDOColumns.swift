import DICOMCore

/// Where each attribute QIDO-RS matches lives in the index: a typed column, or else the
/// level's stored DICOM JSON.
enum QIDOColumns {
    /// How a column is compared.
    enum Kind {
        /// Text compared exactly or with LIKE.
        case text
        /// A person name: folded key and its words.
        case personName(key: String, words: String)
        /// `date`, `time` or `timestamp` compared as ranges.
        case date, time
        /// Integer compared exactly.
        case integer
        /// `text[]` (ModalitiesInStudy): matches when any element does.
        case textArray
    }

    /// A column mapping.
    struct Column {
        var sql: String
        var kind: Kind
    }

    /// Study-level columns (alias `st`).
    static let study: [DICOMTag: Column] = [
        .studyInstanceUID: Column(sql: "st.study_uid", kind: .text),
        .studyDate: Column(sql: "st.study_date", kind: .date),
        .studyTime: Column(sql: "st.study_time", kind: .time),
        .accessionNumber: Column(sql: "st.accession_number", kind: .text),
        .modalitiesInStudy: Column(sql: "st.modalities", kind: .textArray),
        .referringPhysicianName: Column(sql: "st.referring_physician_name", kind: .personName(key: "st.referring_physician_key", words: "st.referring_physician_words")),
        .patientName: Column(sql: "st.patient_name", kind: .personName(key: "st.patient_name_key", words: "st.patient_name_words")),
        .patientID: Column(sql: "st.patient_id", kind: .text),
        .studyID: Column(sql: "st.study_id", kind: .text),
        .studyDescription: Column(sql: "st.study_description", kind: .text),
        .patientBirthDate: Column(sql: "st.patient_birth_date", kind: .date),
        .patientSex: Column(sql: "st.patient_sex", kind: .text),
    ]

    /// Series-level columns (alias `se`).
    static let series: [DICOMTag: Column] = [
        .seriesInstanceUID: Column(sql: "se.series_uid", kind: .text),
        .modality: Column(sql: "se.modality", kind: .text),
        .seriesNumber: Column(sql: "se.series_number", kind: .integer),
        .seriesDescription: Column(sql: "se.series_description", kind: .text),
        .bodyPartExamined: Column(sql: "se.body_part", kind: .text),
        .performedProcedureStepStartDate: Column(sql: "se.performed_start_date", kind: .date),
        .performedProcedureStepStartTime: Column(sql: "se.performed_start_time", kind: .time),
    ]

    /// Instance-level columns (alias `i`).
    static let instance: [DICOMTag: Column] = [
        .sopInstanceUID: Column(sql: "i.sop_uid", kind: .text),
        .sopClassUID: Column(sql: "i.sop_class_uid", kind: .text),
        .instanceNumber: Column(sql: "i.instance_number", kind: .integer),
        .rows: Column(sql: "i.rows", kind: .integer),
        .columns: Column(sql: "i.columns", kind: .integer),
        .bitsAllocated: Column(sql: "i.bits_allocated", kind: .integer),
        .numberOfFrames: Column(sql: "i.number_of_frames", kind: .integer),
    ]

    /// The columns a level can match: its own and those of the levels above.
    static func columns(for level: QIDOQuery.Level) -> [DICOMTag: Column] {
        switch level {
        case .study: study
        case .series: study.merging(series) { $1 }
        case .instance: study.merging(series) { $1 }.merging(instance) { $1 }
        }
    }

    /// The level's stored DICOM JSON, for attributes without a column.
    static func document(for level: QIDOQuery.Level) -> String {
        switch level {
        case .study: "st.attributes"
        case .series: "se.attributes"
        case .instance: "i.metadata::jsonb"
        }
    }
}
