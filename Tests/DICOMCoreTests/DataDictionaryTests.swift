import DICOMCore
import Testing

@Suite struct DataDictionaryTests {
    @Test func standardEntry() throws {
        let entry = try #require(DataDictionary.entry(for: .patientName))
        #expect(entry.vr == .PN)
        #expect(entry.keyword == "PatientName")
        #expect(entry.name == "Patient's Name")
        #expect(entry.vm == "1")
        #expect(!entry.isRetired)
    }

    @Test func ambiguousAndRetired() throws {
        let pixelData = try #require(DataDictionary.entry(for: .pixelData))
        #expect(pixelData.vrs == [.OB, .OW])
        #expect(DataDictionary.isAmbiguous(.smallestImagePixelValue))
        let retired = try #require(DataDictionary.entry(for: DICOMTag(0x0000_0001)))
        #expect(retired.isRetired)
    }

    @Test func repeatingGroups() throws {
        let overlay = try #require(DataDictionary.entry(for: DICOMTag(group: 0x6002, element: 0x3000)))
        #expect(overlay.keyword == "OverlayData")
        let curve = try #require(DataDictionary.entry(for: DICOMTag(group: 0x501E, element: 0x0005)))
        #expect(curve.keyword == "CurveDimensions")
        #expect(curve.isRetired)
        #expect(DataDictionary.maskedEntryCount >= 80)
    }

    @Test func everyStandardTagHasAnEntry() {
        let entries = DataDictionary.allEntries
        #expect(entries.count > 5000)
        #expect(entries.filter { $0.keyword.isEmpty }.count < 10)
        #expect(entries.contains { $0.tag == .pixelData && $0.keyword == "PixelData" })
    }

    @Test func keywordLookup() {
        #expect(DataDictionary.tag(forKeyword: "SOPInstanceUID") == .sopInstanceUID)
        #expect(DataDictionary.tag(forKeyword: "NoSuchKeyword") == nil)
    }

    @Test func privateTags() throws {
        let creator = try #require(DataDictionary.entry(for: DICOMTag(group: 0x0029, element: 0x0010)))
        #expect(creator.vr == .LO)
        #expect(DataDictionary.entry(for: DICOMTag(group: 0x0029, element: 0x1010)) == nil)
        #expect(DataDictionary.implicitVR(for: DICOMTag(group: 0x0029, element: 0x1010)) == .UN)
        let known = try #require(PrivateDictionary.entry(for: DICOMTag(group: 0x0029, element: 0x1010), creator: "SIEMENS CSA HEADER"))
        #expect(known.vr == .OB)
    }

    @Test func uidDictionary() throws {
        let ct = try #require(UIDDictionary.entry(for: "1.2.840.10008.5.1.4.1.1.2"))
        #expect(ct.keyword == "CTImageStorage")
        #expect(ct.type == "SOP Class")
        #expect(UIDDictionary.entry(for: "1.2.840.10008.1.2.1\0")?.keyword == "ExplicitVRLittleEndian")
        #expect(UIDDictionary.uid(forKeyword: "JPEGBaseline8Bit") == "1.2.840.10008.1.2.4.50")
    }

    @Test func transferSyntaxFlags() {
        #expect(!TransferSyntax.implicitVRLittleEndian.isExplicitVR)
        #expect(!TransferSyntax.explicitVRBigEndian.isLittleEndian)
        #expect(TransferSyntax.deflatedExplicitVRLittleEndian.isDeflated)
        #expect(TransferSyntax(uid: "1.2.840.10008.1.2.4.50\0").isEncapsulated)
        #expect(TransferSyntax(uid: "1.2.840.10008.1.2.4.50\0").uid == "1.2.840.10008.1.2.4.50")
    }

    @Test func vrCodes() {
        #expect(VR(0x4F, 0x42) == .OB)
        #expect(VR(0x00, 0x00) == nil)
        #expect(VR(0xFF, 0xFF) == nil)
        #expect(VR(0x5A, 0x5A) == nil)
        #expect(VR.UT.hasLongLength && !VR.US.hasLongLength)
    }
}

@Suite struct PrivateElementTests {
    @Test func elementsAreFoundThroughTheirCreator() throws {
        var data = ElementBuilder()
        data.string(0x0009_0010, "LO", "OTHER")
        data.string(0x0009_0011, "LO", "GEMS_IDEN_01")
        data.string(0x0009_1101, "LO", "value")
        let file = try DICOMFile(bytes: data.bytes)
        let tag = try #require(file.dataSet.privateTag(creator: "GEMS_IDEN_01", group: 0x0009, offset: 0x01))
        #expect(tag == DICOMTag(0x0009_1101))
        #expect(file.dataSet.string(tag) == "value")
        #expect(file.dataSet.privateCreator(of: tag) == "GEMS_IDEN_01")
        #expect(file.dataSet.privateTag(creator: "ABSENT", group: 0x0009, offset: 0x01) == nil)
        #expect(file.dataSet.privateTag(creator: "GEMS_IDEN_01", group: 0x0008, offset: 0x01) == nil)
    }
}
