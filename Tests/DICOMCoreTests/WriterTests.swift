import Testing

@testable import DICOMCore

@Suite struct WriterTests {
    static func sample() throws -> DICOMFile {
        var data = ElementBuilder()
        data.string(0x0008_0016, "UI", "1.2.840.10008.5.1.4.1.1.7")
        data.string(0x0008_0018, "UI", "1.2.3.4.5")
        data.element(0x0008_1115, "SQ", [], length: 0xFFFF_FFFF)
        data.itemStart()
        data.string(0x0008_1150, "UI", "1.2.3")
        data.itemEnd()
        data.sequenceEnd()
        data.element(0x0010_0010, "PN", Array("Odd".utf8))
        data.us(0x0028_0010, 0x1234)
        data.element(0x0020_5000, "AT", [0x10, 0x00, 0x20, 0x00])
        data.element(0x7FE0_0010, "OW", [1, 2, 3, 4])
        return try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.1"))
    }

    @Test(arguments: [TransferSyntax.explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian, .deflatedExplicitVRLittleEndian])
    func roundTrip(syntax: TransferSyntax) throws {
        let original = try Self.sample()
        let bytes = try original.serialized(as: syntax)
        let again = try DICOMFile(bytes: bytes)
        #expect(again.transferSyntax.uid == syntax.uid)
        #expect(again.dataSet.elements.map(\.tag) == original.dataSet.elements.map(\.tag))
        #expect(again.dataSet.string(.patientName) == "Odd")
        #expect(again.dataSet.integer(.rows) == 0x1234)
        #expect(again.dataSet.attributeTags(DICOMTag(0x0020_5000)) == [.patientID])
        #expect(again.dataSet.sequence(.referencedSeriesSequence)?.first?.string(.referencedSOPClassUID) == "1.2.3")
        let pixels = try #require(again.dataSet[.pixelData])
        let raw = Array(pixels.bytes ?? [])
        #expect(raw == (again.dataSet.isLittleEndian ? [1, 2, 3, 4] : [2, 1, 4, 3]))
    }

    @Test func metaHeaderIsComplete() throws {
        let bytes = try Self.sample().serialized()
        #expect(Array(bytes[128..<132]) == Array("DICM".utf8))
        let file = try DICOMFile(bytes: bytes)
        let groupLength = try #require(file.meta.integer(.fileMetaInformationGroupLength))
        #expect(groupLength == file.dataSetOffset - 144)
        #expect(file.meta.string(.mediaStorageSOPClassUID) == "1.2.840.10008.5.1.4.1.1.7")
        #expect(file.meta.string(.mediaStorageSOPInstanceUID) == "1.2.3.4.5")
        #expect(file.meta.string(.implementationClassUID) == DICOMFile.implementationClassUID)
    }

    @Test func valuesArePaddedToEvenLength() throws {
        let bytes = try Self.sample().serialized()
        let file = try DICOMFile(bytes: bytes)
        #expect(file.dataSet[.patientName]?.bytes.map(Array.init) == Array("Odd ".utf8))
        #expect(file.dataSet.elements.allSatisfy { $0.valueLength % 2 == 0 })
    }

    @Test func deferredValuesCannotBeWritten() throws {
        let bytes = try Self.sample().serialized()
        let file = try DICOMFile(bytes: bytes, options: ReadOptions(pixelData: .skip))
        #expect(throws: DICOMError.self) { try file.serialized() }
    }
}

@Suite struct SetterTests {
    @Test func typedSettersRoundTrip() throws {
        var dataSet = DataSet()
        try dataSet.set(.patientName, strings: ["Doe^John"])
        try dataSet.set(.imageType, strings: ["ORIGINAL", "PRIMARY"])
        try dataSet.set(.rows, integers: [512])
        try dataSet.set(.instanceNumber, integers: [7])
        try dataSet.set(.sliceThickness, doubles: [1.25])
        try dataSet.set(.pixelSpacing, doubles: [0.1234567890123456789, 2])
        let file = DICOMFile(meta: DataSet(), dataSet: dataSet, transferSyntax: .explicitVRBigEndian)
        let again = try DICOMFile(bytes: try file.serialized()).dataSet
        #expect(again.string(.patientName) == "Doe^John")
        #expect(again.strings(.imageType) == ["ORIGINAL", "PRIMARY"])
        #expect(again.integer(.rows) == 512)
        #expect(again.integer(.instanceNumber) == 7)
        #expect(again.double(.sliceThickness) == 1.25)
        let spacing = try #require(again.doubles(.pixelSpacing))
        #expect(abs(spacing[0] - 0.1234567890123456789) < 1e-12 && spacing[1] == 2)
        #expect(again.strings(.pixelSpacing)?.allSatisfy { $0.utf8.count <= 16 } == true)
    }

    @Test func invalidValuesAreTyped() {
        var dataSet = DataSet()
        #expect(throws: DICOMError.self) { try dataSet.set(.rows, integers: [70000]) }
        #expect(throws: DICOMError.self) { try dataSet.set(.rows, strings: ["x"]) }
        #expect(throws: DICOMError.self) { try dataSet.set(.imageType, strings: ["A\\B"]) }
        #expect(throws: DICOMError.self) { try dataSet.set(.patientName, strings: ["Müller"]) }
        #expect(throws: DICOMError.self) { try dataSet.set(.sliceThickness, doubles: [.nan]) }
    }

    @Test func unicodeNeedsUTF8InForce() throws {
        var dataSet = DataSet()
        try dataSet.set(.specificCharacterSet, strings: ["ISO_IR 192"])
        try dataSet.set(.patientName, strings: ["Müller^Jürgen"])
        #expect(dataSet.string(.patientName) == "Müller^Jürgen")
    }

    @Test(arguments: [0.1, 1.0 / 3.0, 123456.789, -2.5e-10, 6.02214076e23, 1e15])
    func decimalStringsFitSixteenCharacters(value: Double) throws {
        let text = DecimalString.format(value)
        #expect(text.utf8.count <= 16)
        let parsed = try #require(Double(text))
        #expect(abs(parsed - value) <= abs(value) * 1e-9)
    }
}

@Suite struct BareDataSetTests {
    @Test(arguments: [TransferSyntax.explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian, .deflatedExplicitVRLittleEndian])
    func encodeAndReadBareDataSets(syntax: TransferSyntax) throws {
        var dataSet = DataSet()
        try dataSet.set(.patientID, strings: ["ID-1"])
        try dataSet.set(.rows, integers: [300])
        let bytes = try DICOMFile.encode(dataSet, as: syntax)
        let again = try DICOMFile.dataSet(bytes: bytes, transferSyntax: syntax)
        #expect(again.string(.patientID) == "ID-1")
        #expect(again.integer(.rows) == 300)
        #expect(again.isLittleEndian == syntax.isLittleEndian)
    }
}
