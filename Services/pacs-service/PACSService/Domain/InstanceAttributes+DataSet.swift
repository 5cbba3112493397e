import DICOMCore

extension InstanceAttributes {
    /// Why a data set cannot be indexed.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        /// A reason that names the attribute, never its value.
        public var description: String
    }

    /// Extracts the index attributes of a parsed file.
    /// - Parameter file: The file as read (Pixel Data skipped).
    /// - Throws: ``Invalid`` when a required UID is missing or malformed.
    public init(file: DICOMFile) throws(Invalid) {
        let dataSet = file.dataSet
        func uid(_ tag: DICOMTag, _ name: String) throws(Invalid) -> DICOMUID {
            guard let text = dataSet.string(tag), !text.isEmpty else { throw Invalid(description: "\(name) is missing") }
            guard let uid = DICOMUID(rawValue: text) else { throw Invalid(description: "\(name) is not a valid UID") }
            return uid
        }
        let sopClass = dataSet.string(.sopClassUID) ?? file.meta.string(.mediaStorageSOPClassUID)
        guard let sopClass, DICOMUID(rawValue: sopClass) != nil else { throw Invalid(description: "SOPClassUID is missing or invalid") }
        self.init(
            studyUID: try uid(.studyInstanceUID, "StudyInstanceUID"),
            seriesUID: try uid(.seriesInstanceUID, "SeriesInstanceUID"),
            sopInstanceUID: try uid(.sopInstanceUID, "SOPInstanceUID"),
            sopClassUID: sopClass,
            transferSyntaxUID: file.meta.string(.transferSyntaxUID) ?? file.transferSyntax.uid
        )
        // A MediaStorageSOPInstanceUID that differs from SOPInstanceUID (seen in real files, e.g. pydicom's
        // rtplan.dcm) is tolerated: the data set's SOPInstanceUID identifies the instance.
        func text(_ tag: DICOMTag) -> String { dataSet.string(tag) ?? "" }
        patientID = text(.patientID)
        issuerOfPatientID = text(.issuerOfPatientID)
        patientName = text(.patientName)
        patientBirthDate = dataSet.string(.patientBirthDate).flatMap(DICOMDateTime.isoDate)
        patientSex = text(.patientSex)
        studyDate = dataSet.string(.studyDate).flatMap(DICOMDateTime.isoDate)
        studyTime = dataSet.string(.studyTime).flatMap(DICOMDateTime.isoTime)
        accessionNumber = text(.accessionNumber)
        studyID = text(.studyID)
        studyDescription = text(.studyDescription)
        referringPhysicianName = text(.referringPhysicianName)
        modality = text(.modality)
        seriesNumber = dataSet.integer(.seriesNumber)
        seriesDescription = text(.seriesDescription)
        bodyPartExamined = text(.bodyPartExamined)
        performedStartDate = dataSet.string(.performedProcedureStepStartDate).flatMap(DICOMDateTime.isoDate)
        performedStartTime = dataSet.string(.performedProcedureStepStartTime).flatMap(DICOMDateTime.isoTime)
        instanceNumber = dataSet.integer(.instanceNumber)
        numberOfFrames = dataSet.integer(.numberOfFrames)
        rows = dataSet.integer(.rows)
        columns = dataSet.integer(.columns)
        bitsAllocated = dataSet.integer(.bitsAllocated)
    }
}
