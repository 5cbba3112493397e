import Testing

@testable import DICOMCore

#if canImport(Glibc)
import Glibc
#endif

@Suite struct DataSetParserTests {
    @Test func explicitLittleEndianFile() throws {
        var data = ElementBuilder()
        data.string(0x0008_0060, "CS", "CT")
        data.string(0x0010_0010, "PN", "Doe^John")
        data.us(0x0028_0010, 512)
        let file = try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        #expect(file.hasPreamble)
        #expect(file.transferSyntax == .explicitVRLittleEndian)
        #expect(file.meta[.transferSyntaxUID] != nil)
        #expect(file.dataSet.string(.modality) == "CT")
        #expect(file.dataSet.string(.patientName) == "Doe^John")
        #expect(file.dataSet.integer(.rows) == 512)
        #expect(file.dataSet[.patientName]?.offset == file.dataSetOffset + 10)
    }

    @Test func implicitLittleEndianWithoutMeta() throws {
        var data = ElementBuilder(explicitVR: false)
        data.string(0x0008_0060, "CS", "MR")
        data.us(0x0028_0011, 256)
        let file = try DICOMFile(bytes: data.bytes)
        #expect(!file.hasPreamble)
        #expect(file.transferSyntax.isExplicitVR == false)
        #expect(file.dataSet[.columns]?.vr == .US)
        #expect(file.dataSet.integer(.columns) == 256)
    }

    @Test func explicitBigEndian() throws {
        var data = ElementBuilder(explicitVR: true, littleEndian: false)
        data.us(0x0028_0010, 0x0102)
        data.element(0x0018_0050, "FD", [0x3F, 0xF8, 0, 0, 0, 0, 0, 0])
        let file = try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.2"))
        #expect(file.dataSet.integer(.rows) == 0x0102)
        #expect(file.dataSet.double(.sliceThickness) == 1.5)
    }

    @Test func nestedSequencesWithDefinedAndUndefinedLengths() throws {
        var inner = ElementBuilder()
        inner.string(0x0008_0100, "SH", "T-1")
        var data = ElementBuilder()
        data.element(0x0008_1115, "SQ", [], length: 0xFFFF_FFFF)
        data.itemStart()
        data.element(0x0008_1140, "SQ", [], length: UInt32(inner.bytes.count + 8))
        data.itemStart(length: UInt32(inner.bytes.count))
        data.bytes += inner.bytes
        data.itemEnd()
        data.itemStart(length: 0)
        data.sequenceEnd()
        data.string(0x0010_0020, "LO", "ID1")
        let file = try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let outer = try #require(file.dataSet.sequence(.referencedSeriesSequence))
        #expect(outer.count == 2)
        let nested = try #require(outer[0].sequence(.referencedImageSequence))
        #expect(nested.count == 1)
        #expect(nested[0].string(.codeValue) == "T-1")
        #expect(outer[1].isEmpty)
        #expect(file.dataSet.string(.patientID) == "ID1")
    }

    @Test func unknownLengthUNIsReadAsImplicitSequence() throws {
        var item = ElementBuilder(explicitVR: false)
        item.string(0x0008_0100, "SH", "ABC")
        var data = ElementBuilder()
        data.element(0x0011_0010, "LO", Array("ACME".utf8))
        data.element(0x0011_1001, "UN", [], length: 0xFFFF_FFFF)
        data.itemStart()
        data.bytes += item.bytes
        data.itemEnd()
        data.sequenceEnd()
        let file = try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let element = try #require(file.dataSet[DICOMTag(0x0011_1001)])
        #expect(element.vr == .SQ)
        #expect(element.items?.first?.string(.codeValue) == "ABC")
        #expect(element.items?.first?.isLittleEndian == true)
    }

    @Test func encapsulatedPixelDataFragments() throws {
        var data = ElementBuilder()
        data.us(0x0028_0010, 1)
        data.element(0x7FE0_0010, "OB", [], length: 0xFFFF_FFFF)
        data.itemStart(length: 4)
        data.bytes += [0, 0, 0, 0]
        data.itemStart(length: 6)
        data.bytes += [1, 2, 3, 4, 5, 6]
        data.itemStart(length: 2)
        data.bytes += [7, 8]
        data.sequenceEnd()
        let file = try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.4.50"))
        guard case .fragments(let pixels)? = file.dataSet[.pixelData]?.value else {
            Issue.record("expected fragments")
            return
        }
        #expect(Array(pixels.basicOffsetTable) == [0, 0, 0, 0])
        #expect(pixels.fragments.map(Array.init) == [[1, 2, 3, 4, 5, 6], [7, 8]])
    }

    @Test func stopAndSkipPixelData() throws {
        var data = ElementBuilder()
        data.us(0x0028_0010, 2)
        data.element(0x7FE0_0010, "OW", [1, 2, 3, 4])
        data.string(0xFFFA_FFFA, "OB", "")
        let bytes = data.part10(transferSyntax: "1.2.840.10008.1.2.1")
        let pixelOffset = bytes.count - 12 - 16
        let stopped = try DICOMFile(bytes: bytes, options: .stopBeforePixelData)
        #expect(stopped.dataSet[.pixelData] == nil)
        #expect(stopped.pixelDataOffset == pixelOffset)
        let skipped = try DICOMFile(bytes: bytes, options: ReadOptions(pixelData: .skip))
        guard case .deferred(let offset, let length)? = skipped.dataSet[.pixelData]?.value else {
            Issue.record("expected deferred pixel data")
            return
        }
        #expect(offset == pixelOffset + 12)
        #expect(length == 4)
        #expect(skipped.dataSet.contains(DICOMTag(0xFFFA_FFFA)))
    }

    @Test func largeValuesAreDeferred() throws {
        var data = ElementBuilder()
        data.element(0x0042_0011, "OB", [UInt8](repeating: 7, count: 64))
        data.string(0x0010_0010, "PN", "A^B")
        let file = try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.1"),
                                 options: ReadOptions(deferValuesLongerThan: 32))
        guard case .deferred(_, let length)? = file.dataSet[.encapsulatedDocument]?.value else {
            Issue.record("expected deferred value")
            return
        }
        #expect(length == 64)
        #expect(file.dataSet.string(.patientName) == "A^B")
    }

    @Test func privateCreatorsGiveImplicitVRs() throws {
        var data = ElementBuilder(explicitVR: false)
        data.string(0x0029_0010, "LO", "SIEMENS CSA HEADER")
        data.element(0x0029_1010, "OB", [1, 2, 3, 4])
        data.element(0x0029_1110, "OB", [1, 2, 3, 4])
        let file = try DICOMFile(bytes: data.bytes)
        #expect(file.dataSet[DICOMTag(0x0029_0010)]?.vr == .LO)
        #expect(file.dataSet[DICOMTag(0x0029_1010)]?.vr == .OB)
        #expect(file.dataSet[DICOMTag(0x0029_1110)]?.vr == .UN)
    }

    @Test func ambiguousUSorSSFollowsPixelRepresentation() throws {
        var data = ElementBuilder(explicitVR: false)
        data.us(0x0028_0103, 1)
        data.us(0x0028_0106, 0xFFFF)
        let file = try DICOMFile(bytes: data.bytes)
        #expect(file.dataSet[.smallestImagePixelValue]?.vr == .SS)
        #expect(file.dataSet.integer(.smallestImagePixelValue) == -1)
    }

    @Test func outOfOrderElementsAreSorted() throws {
        var data = ElementBuilder()
        data.string(0x0010_0020, "LO", "B")
        data.string(0x0008_0060, "CS", "CT")
        data.string(0x0010_0020, "LO", "C")
        let file = try DICOMFile(bytes: data.bytes)
        #expect(file.dataSet.elements.map(\.tag) == [.modality, .patientID])
        #expect(file.dataSet.string(.patientID) == "C")
    }

    @Test func deflatedFile() throws {
        var data = ElementBuilder()
        data.string(0x0010_0010, "PN", "Deflated^Patient")
        let compressed = try Deflate.deflate(data.bytes)
        var file = ElementBuilder()
        file.bytes = compressed
        let parsed = try DICOMFile(bytes: file.part10(transferSyntax: "1.2.840.10008.1.2.1.99"))
        #expect(parsed.dataSet.string(.patientName) == "Deflated^Patient")
    }
}

@Suite struct FileReadingTests {
    @Test func skippedPixelDataCanBeReadBackByOffset() throws {
        var data = ElementBuilder()
        data.us(0x0028_0010, 1)
        // Large enough to exceed the 64 KiB first read, so the lazy prefix path is used.
        let pixels = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 31) }
        data.element(0x7FE0_0010, "OB", pixels)
        let path = "/tmp/tessera-dicom-test-\(UInt64.random(in: 0...UInt64.max)).dcm"
        let bytes = data.part10(transferSyntax: "1.2.840.10008.1.2.1")
        let handle = fopen(path, "wb")
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        fclose(handle)
        defer { remove(path) }
        let file = try DICOMFile(path: path, options: ReadOptions(pixelData: .skip))
        guard case .deferred(let offset, let length)? = file.dataSet[.pixelData]?.value else {
            Issue.record("expected deferred pixel data")
            return
        }
        #expect(try DICOMFile.readRange(path: path, offset: offset, length: length) == pixels)
        let stopped = try DICOMFile(path: path, options: .stopBeforePixelData)
        #expect(stopped.pixelDataOffset == offset - 12)
        #expect(throws: DICOMError.self) { try DICOMFile.readRange(path: path, offset: offset, length: length + 1) }
        #expect(throws: DICOMError.self) { try DICOMFile(path: path + ".missing") }
    }
}
