/// What the index keeps of one instance as typed columns: its identity in the
/// patient / study / series / instance hierarchy and the attributes QIDO-RS matches.
public struct InstanceAttributes: Sendable, Hashable {
    public var studyUID: DICOMUID
    public var seriesUID: DICOMUID
    public var sopInstanceUID: DICOMUID
    public var sopClassUID: String
    public var transferSyntaxUID: String

    public var patientID = ""
    public var issuerOfPatientID = ""
    public var patientName = ""
    public var patientBirthDate: String?
    public var patientSex = ""

    public var studyDate: String?
    public var studyTime: String?
    public var accessionNumber = ""
    public var studyID = ""
    public var studyDescription = ""
    public var referringPhysicianName = ""

    public var modality = ""
    public var seriesNumber: Int?
    public var seriesDescription = ""
    public var bodyPartExamined = ""
    public var performedStartDate: String?
    public var performedStartTime: String?

    public var instanceNumber: Int?
    public var numberOfFrames: Int?
    public var rows: Int?
    public var columns: Int?
    public var bitsAllocated: Int?

    /// Creates attributes with the identifying UIDs; the rest default to empty.
    public init(studyUID: DICOMUID, seriesUID: DICOMUID, sopInstanceUID: DICOMUID, sopClassUID: String, transferSyntaxUID: String) {
        self.studyUID = studyUID
        self.seriesUID = seriesUID
        self.sopInstanceUID = sopInstanceUID
        self.sopClassUID = sopClassUID
        self.transferSyntaxUID = transferSyntaxUID
    }
}
