import DICOMCore

/// The attributes QIDO-RS returns by default at each level (PS3.18 Table 10.6.3-3), plus
/// StudyDescription (which OHIF's study list shows).
enum QIDOReturnKeys {
    static let study: [DICOMTag] = [
        .specificCharacterSet, .studyDate, .studyTime, .accessionNumber, .referringPhysicianName, .timezoneOffsetFromUTC,
        .studyDescription, .patientName, .patientID, .patientBirthDate, .patientSex, .studyInstanceUID, .studyID,
    ]
    static let series: [DICOMTag] = [
        .specificCharacterSet, .modality, .timezoneOffsetFromUTC, .seriesDescription, .seriesInstanceUID, .seriesNumber,
        .performedProcedureStepStartDate, .performedProcedureStepStartTime, .requestAttributesSequence, .studyInstanceUID,
    ]
    static let instance: [DICOMTag] = [
        .specificCharacterSet, .sopClassUID, .sopInstanceUID, .timezoneOffsetFromUTC, .instanceNumber, .rows, .columns,
        .bitsAllocated, .numberOfFrames, .studyInstanceUID, .seriesInstanceUID,
    ]

    /// The default keys of a query: its level's, plus the higher levels' for a search not scoped by them.
    static func defaults(for query: QIDOQuery) -> [DICOMTag] {
        switch query.level {
        case .study: return study
        case .series: return query.study == nil ? series + study : series
        case .instance:
            var keys = instance
            if query.series == nil { keys += series }
            if query.study == nil { keys += study }
            return keys
        }
    }
}
