import DICOMCore
import Testing

@Suite struct DICOMTagTests {
    @Test func groupAndElement() {
        let tag = DICOMTag(group: 0x0010, element: 0x0020)
        #expect(tag.rawValue == 0x0010_0020)
        #expect(tag.group == 0x0010)
        #expect(tag.element == 0x0020)
        #expect(tag.description == "(0010,0020)")
        #expect(tag.hexString == "00100020")
        #expect(tag == .patientID)
    }

    @Test func hexParsing() {
        #expect(DICOMTag(hex: "7fe00010") == .pixelData)
        #expect(DICOMTag(hex: "7FE0001") == nil)
        #expect(DICOMTag(hex: "7FE0001G") == nil)
    }

    @Test func privateTags() {
        let creator = DICOMTag(group: 0x0009, element: 0x0010)
        let data = DICOMTag(group: 0x0009, element: 0x1001)
        #expect(creator.isPrivateCreator)
        #expect(!data.isPrivateCreator)
        #expect(data.isPrivate)
        #expect(data.privateCreatorTag == creator)
        #expect(DICOMTag.patientName.privateCreatorTag == nil)
    }

    @Test func ordering() {
        #expect(DICOMTag.patientName < DICOMTag.patientID)
        #expect([DICOMTag.pixelData, .sopClassUID].sorted() == [.sopClassUID, .pixelData])
    }
}
