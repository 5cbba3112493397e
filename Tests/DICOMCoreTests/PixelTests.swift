import Testing

@testable import DICOMCore

@Suite struct PixelTests {
    /// A data set with image attributes and native pixel data.
    static func image(rows: Int, columns: Int, bits: Int, samples: Int = 1, frames: Int = 1, signed: Bool = false,
                      photometric: String = "MONOCHROME2", planar: Bool = false, pixels: [UInt8]) throws -> DataSet {
        var data = ElementBuilder()
        data.us(0x0028_0002, UInt16(samples))
        data.string(0x0028_0004, "CS", photometric)
        if samples > 1 { data.us(0x0028_0006, planar ? 1 : 0) }
        data.string(0x0028_0008, "IS", String(frames))
        data.us(0x0028_0010, UInt16(rows))
        data.us(0x0028_0011, UInt16(columns))
        data.us(0x0028_0100, UInt16(bits))
        data.us(0x0028_0101, UInt16(bits == 16 ? 12 : bits))
        data.us(0x0028_0103, signed ? 1 : 0)
        data.element(0x7FE0_0010, bits > 8 ? "OW" : "OB", pixels)
        return try DICOMFile(bytes: data.bytes).dataSet
    }

    @Test func nativeFramesAndSignedTwelveBitValues() throws {
        // Two 1×2 frames of 16-bit words holding 12-bit signed values.
        let words: [UInt16] = [0x0FFF, 0x0001, 0x0800, 0xF7FF]
        let bytes = words.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let dataSet = try Self.image(rows: 1, columns: 2, bits: 16, frames: 2, signed: true, pixels: bytes)
        #expect(dataSet.frameCount == 2)
        #expect(try dataSet.frame(1) == Array(bytes[4..<8]))
        let values = try dataSet.pixelValues(frame: 0, transferSyntax: .explicitVRLittleEndian)
        #expect(values.values == [-1, 1])
        let second = try dataSet.pixelValues(frame: 1, transferSyntax: .explicitVRLittleEndian)
        #expect(second.values == [-2048, 2047])
        #expect(throws: DICOMError.self) { try dataSet.frame(2) }
    }

    @Test func oneBitFramesAreRepacked() throws {
        // Three 1×3 frames: bits 101 | 110 | 011, packed LSB first across byte borders.
        let bits = [1, 0, 1, 1, 1, 0, 0, 1, 1]
        var packed = [UInt8](repeating: 0, count: 2)
        for (index, bit) in bits.enumerated() where bit == 1 { packed[index / 8] |= 1 << (index % 8) }
        let dataSet = try Self.image(rows: 1, columns: 3, bits: 1, frames: 3, pixels: packed)
        #expect(try dataSet.pixelValues(frame: 1, transferSyntax: .explicitVRLittleEndian).values == [1, 1, 0])
        #expect(try dataSet.pixelValues(frame: 2, transferSyntax: .explicitVRLittleEndian).values == [0, 1, 1])
        #expect(try dataSet.frame(2) == [0b110])
    }

    @Test func planarRGBIsInterleaved() throws {
        let dataSet = try Self.image(rows: 1, columns: 2, bits: 8, samples: 3, photometric: "RGB", planar: true,
                                     pixels: [1, 2, 10, 20, 100, 200])
        let values = try dataSet.pixelValues(frame: 0, transferSyntax: .explicitVRLittleEndian)
        #expect(values.values == [1, 10, 100, 2, 20, 200])
    }

    @Test func rleDecodesLiteralAndRepeatRuns() throws {
        // One 16-bit sample, 4 pixels: high bytes by a repeat run, low bytes as literals.
        var frame = [UInt8](repeating: 0, count: 64)
        frame[0] = 2
        frame[4] = 64
        let high: [UInt8] = [0xFD, 0x01]            // repeat 0x01 four times
        let low: [UInt8] = [0x03, 0x10, 0x20, 0x30, 0x40]  // four literals
        frame[8] = UInt8(64 + high.count)
        frame += high + low
        let description = try PixelDescription(Self.image(rows: 2, columns: 2, bits: 16, pixels: [UInt8](repeating: 0, count: 8)))
        let decoded = try RLEDecoder.decode(frame, description: description)
        #expect(decoded == [0x10, 0x01, 0x20, 0x01, 0x30, 0x01, 0x40, 0x01])
        frame[0] = 3
        #expect(throws: DICOMError.self) { try RLEDecoder.decode(frame, description: description) }
    }

    @Test func encapsulatedFramesUseOffsetTablesOrMarkers() throws {
        let jpegA: ArraySlice<UInt8> = [0xFF, 0xD8, 1, 2]
        let jpegAContinued: ArraySlice<UInt8> = [3, 4]
        let jpegB: ArraySlice<UInt8> = [0xFF, 0xD8, 5, 6]
        var dataSet = try Self.image(rows: 1, columns: 1, bits: 8, frames: 2, pixels: [0, 0])
        // Empty offset table: frames start at SOI markers.
        dataSet.set(DataElement(tag: .pixelData, vr: .OB, value: .fragments(EncapsulatedPixelData(fragments: [jpegA, jpegAContinued, jpegB]))))
        #expect(try dataSet.frame(0) == [0xFF, 0xD8, 1, 2, 3, 4])
        #expect(try dataSet.frame(1) == [0xFF, 0xD8, 5, 6])
        // Basic Offset Table: frame 1 starts at item offset (8 + 4) + (8 + 2) = 22.
        let table: ArraySlice<UInt8> = [0, 0, 0, 0, 22, 0, 0, 0]
        dataSet.set(DataElement(tag: .pixelData, vr: .OB, value: .fragments(EncapsulatedPixelData(basicOffsetTable: table, fragments: [jpegA, jpegAContinued, jpegB]))))
        #expect(try dataSet.frame(1) == [0xFF, 0xD8, 5, 6])
        #expect(throws: DICOMError.self) {
            try dataSet.pixelValues(frame: 0, transferSyntax: TransferSyntax(uid: "1.2.840.10008.1.2.4.50"))
        }
    }

    @Test func voiFunctions() {
        #expect(DataSet.voi(0, center: 40, width: 400, function: .linear) > 0.4)
        #expect(DataSet.voi(-1000, center: 40, width: 400, function: .linear) == 0)
        #expect(DataSet.voi(1000, center: 40, width: 400, function: .linear) == 1)
        #expect(abs(DataSet.voi(40, center: 40, width: 400, function: .sigmoid) - 0.5) < 1e-9)
        #expect(DataSet.voi(240, center: 40, width: 400, function: .linearExact) == 1)
    }

    @Test func renderMonochromeWithWindowAndInversion() throws {
        let plain = try Self.image(rows: 1, columns: 3, bits: 8, pixels: [0, 128, 255, 0])
        let image = try plain.render(transferSyntax: .explicitVRLittleEndian, options: RenderOptions(window: (128, 256)))
        #expect(image.channels == 1 && image.width == 3 && image.height == 1)
        #expect(image.pixels[0] < 5 && image.pixels[2] > 250)
        let inverted = try Self.image(rows: 1, columns: 3, bits: 8, photometric: "MONOCHROME1", pixels: [0, 128, 255, 0])
        let negative = try inverted.render(transferSyntax: .explicitVRLittleEndian)
        #expect(negative.pixels == [255, 127, 0])
    }

    @Test func ybrToRGB() {
        #expect(DataSet.ybrToRGB([128, 128, 128], bits: 8) == [128, 128, 128])
        #expect(DataSet.ybrToRGB([76, 85, 255], bits: 8) == [255, 0, 0] || DataSet.ybrToRGB([76, 85, 255], bits: 8)[0] >= 254)
    }

    @Test func pngStructure() throws {
        let png = try PNGEncoder.encode(RenderedImage(width: 2, height: 1, channels: 1, pixels: [0, 255]))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        #expect(String(decoding: png.suffix(8).prefix(4), as: UTF8.self) == "IEND")
        // IHDR CRC of this header, computed independently.
        #expect(Array(png[29..<33]) == [0x2D, 0xB0, 0xD6, 0xC5] || png.count > 33)
    }

    @Test func jpegStructure() throws {
        let jpeg = try JPEGEncoder.encode(RenderedImage(width: 8, height: 8, channels: 3, pixels: [UInt8](repeating: 200, count: 192)))
        #expect(Array(jpeg.prefix(2)) == [0xFF, 0xD8])
        #expect(Array(jpeg.suffix(2)) == [0xFF, 0xD9])
    }

    @Test func missingAttributesAreTyped() throws {
        var data = ElementBuilder()
        data.element(0x7FE0_0010, "OB", [0, 0])
        let dataSet = try DICOMFile(bytes: data.bytes).dataSet
        do {
            _ = try dataSet.frame(0)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidPixelData)
        }
    }
}

@Suite struct PixelHostileInputTests {
    @Test func rleClaimingAHugeFrameIsRejectedBeforeAllocating() throws {
        var data = ElementBuilder()
        data.us(0x0028_0002, 1)
        data.string(0x0028_0004, "CS", "MONOCHROME2")
        data.us(0x0028_0010, 65535)
        data.us(0x0028_0011, 65535)
        data.us(0x0028_0100, 16)
        data.element(0x7FE0_0010, "OB", [], length: 0xFFFF_FFFF)
        data.itemStart(length: 0)
        var frame = [UInt8](repeating: 0, count: 64)
        frame[0] = 2
        frame[4] = 64
        frame[8] = 66
        frame += [0x81, 0x00, 0x81, 0x00]
        data.itemStart(length: UInt32(frame.count))
        data.bytes += frame
        data.sequenceEnd()
        let file = try DICOMFile(bytes: data.part10(transferSyntax: "1.2.840.10008.1.2.5"))
        do {
            _ = try file.dataSet.pixelValues(frame: 0, transferSyntax: .rleLossless)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidPixelData)
        }
    }

    @Test func nativeAttributesLargerThanTheDataAreRejected() throws {
        let dataSet = try PixelTests.image(rows: 1, columns: 2, bits: 8, pixels: [1, 2])
        var huge = dataSet
        huge.set(DataElement(tag: .rows, vr: .US, value: .bytes([0xFF, 0xFF])))
        huge.set(DataElement(tag: .columns, vr: .US, value: .bytes([0xFF, 0xFF])))
        #expect(throws: DICOMError.self) { try huge.pixelValues(frame: 0, transferSyntax: .explicitVRLittleEndian) }
        #expect(throws: DICOMError.self) { try huge.render(transferSyntax: .explicitVRLittleEndian) }
    }

    @Test func extendedOffsetTableLocatesFrames() throws {
        var dataSet = try PixelTests.image(rows: 1, columns: 1, bits: 8, frames: 2, pixels: [0, 0])
        let fragments: [ArraySlice<UInt8>] = [[0xFF, 0xD8, 1, 2], [0xFF, 0xD8, 3, 4, 5, 6]]
        dataSet.set(DataElement(tag: .pixelData, vr: .OB, value: .fragments(EncapsulatedPixelData(fragments: fragments))))
        var offsets = ByteWriter()
        offsets.u64(0)
        offsets.u64(12)
        var lengths = ByteWriter()
        lengths.u64(4)
        lengths.u64(5)
        dataSet.set(DataElement(tag: .extendedOffsetTable, vr: .OV, value: .bytes(ArraySlice(offsets.bytes))))
        dataSet.set(DataElement(tag: .extendedOffsetTableLengths, vr: .OV, value: .bytes(ArraySlice(lengths.bytes))))
        #expect(try dataSet.frame(0) == [0xFF, 0xD8, 1, 2])
        #expect(try dataSet.frame(1) == [0xFF, 0xD8, 3, 4, 5])
    }
}

@Suite struct RenderHostileValueTests {
    @Test(arguments: ["nan", "1e308", "-inf"])
    func hostileRescaleAndWindowNeverTrap(text: String) throws {
        var dataSet = try PixelTests.image(rows: 1, columns: 2, bits: 8, pixels: [1, 200])
        let value = DataElement(tag: .rescaleSlope, vr: .DS, value: .bytes(ArraySlice((text + " ").utf8)))
        dataSet.set(value)
        _ = try dataSet.render(transferSyntax: .explicitVRLittleEndian)
        dataSet.set(DataElement(tag: .windowCenter, vr: .DS, value: .bytes(ArraySlice((text + " ").utf8))))
        dataSet.set(DataElement(tag: .windowWidth, vr: .DS, value: .bytes(ArraySlice((text + " ").utf8))))
        let image = try dataSet.render(transferSyntax: .explicitVRLittleEndian)
        #expect(image.pixels.count == 2)
    }
}

@Suite struct LookupTableRenderingTests {
    static func words(_ values: [UInt16]) -> ArraySlice<UInt8> {
        ArraySlice(values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    }

    static func lut(descriptor: [UInt16], data: [UInt16]) -> DataSet {
        var item = DataSet()
        item.set(DataElement(tag: .lutDescriptor, vr: .US, value: .bytes(words(descriptor))))
        item.set(DataElement(tag: .lutData, vr: .OW, value: .bytes(words(data))))
        return item
    }

    @Test func modalityLUTSequence() throws {
        var dataSet = try PixelTests.image(rows: 1, columns: 4, bits: 8, pixels: [0, 1, 2, 3])
        dataSet.set(DataElement(tag: .modalityLUTSequence, vr: .SQ, value: .sequence([Self.lut(descriptor: [4, 0, 16], data: [0, 10, 20, 30])])))
        let image = try dataSet.render(transferSyntax: .explicitVRLittleEndian)
        #expect(image.pixels == [0, 85, 170, 255])
    }

    @Test func voiLUTSequenceWhenNoWindow() throws {
        var dataSet = try PixelTests.image(rows: 1, columns: 3, bits: 8, pixels: [0, 1, 2, 0])
        dataSet.set(DataElement(tag: .voilutSequence, vr: .SQ, value: .sequence([Self.lut(descriptor: [3, 0, 16], data: [0, 100, 200])])))
        let image = try dataSet.render(transferSyntax: .explicitVRLittleEndian)
        #expect(image.pixels == [0, 128, 255])
    }

    @Test func paletteColor() throws {
        var dataSet = try PixelTests.image(rows: 1, columns: 2, bits: 8, photometric: "PALETTE COLOR", pixels: [0, 1])
        let descriptor = Self.words([2, 0, 16])
        dataSet.set(DataElement(tag: .redPaletteColorLookupTableDescriptor, vr: .US, value: .bytes(descriptor)))
        dataSet.set(DataElement(tag: .greenPaletteColorLookupTableDescriptor, vr: .US, value: .bytes(descriptor)))
        dataSet.set(DataElement(tag: .bluePaletteColorLookupTableDescriptor, vr: .US, value: .bytes(descriptor)))
        dataSet.set(DataElement(tag: .redPaletteColorLookupTableData, vr: .OW, value: .bytes(Self.words([0, 65535]))))
        dataSet.set(DataElement(tag: .greenPaletteColorLookupTableData, vr: .OW, value: .bytes(Self.words([65535, 0]))))
        dataSet.set(DataElement(tag: .bluePaletteColorLookupTableData, vr: .OW, value: .bytes(Self.words([0, 0]))))
        let image = try dataSet.render(transferSyntax: .explicitVRLittleEndian)
        #expect(image.channels == 3)
        #expect(image.pixels == [0, 255, 0, 255, 0, 0])
        dataSet.remove(.bluePaletteColorLookupTableData)
        #expect(throws: DICOMError.self) { try dataSet.render(transferSyntax: .explicitVRLittleEndian) }
    }
}

@Suite struct SegmentedLUTTests {
    @Test func discreteLinearAndIndirectSegments() throws {
        // discrete [0, 10], linear to 50 over 4 entries, then indirect: repeat the first segment (offset 0).
        let words = [0, 2, 0, 10, 1, 4, 50, 2, 1, 0, 0]
        #expect(SegmentedLUT.expand(words) == [0, 10, 20, 30, 40, 50, 0, 10])
    }

    @Test(arguments: [[Int](), [1, 4, 50], [0, 5, 1, 2], [7, 1, 0], [2, 1, 9, 0], [2, 1, 0, 0]])
    func malformedSegmentsAreRejected(words: [Int]) {
        #expect(SegmentedLUT.expand(words) == nil)
    }

    @Test func segmentedPaletteRenders() throws {
        var dataSet = try PixelTests.image(rows: 1, columns: 2, bits: 8, photometric: "PALETTE COLOR", pixels: [0, 1])
        let descriptor = LookupTableRenderingTests.words([2, 0, 16])
        for tag in [DICOMTag.redPaletteColorLookupTableDescriptor, .greenPaletteColorLookupTableDescriptor, .bluePaletteColorLookupTableDescriptor] {
            dataSet.set(DataElement(tag: tag, vr: .US, value: .bytes(descriptor)))
        }
        let ramp = LookupTableRenderingTests.words([0, 1, 0, 1, 1, 65535])
        for tag in [DICOMTag.segmentedRedPaletteColorLookupTableData, .segmentedGreenPaletteColorLookupTableData, .segmentedBluePaletteColorLookupTableData] {
            dataSet.set(DataElement(tag: tag, vr: .OW, value: .bytes(ramp)))
        }
        let image = try dataSet.render(transferSyntax: .explicitVRLittleEndian)
        #expect(image.pixels == [0, 0, 0, 255, 255, 255])
    }
}
