import DICOMCore
import Testing

@Suite struct CharacterSetTests {
    func decode(_ terms: [String], _ bytes: [UInt8], personName: Bool = false) -> String {
        SpecificCharacterSet(terms: terms).decode(ArraySlice(bytes), isPersonName: personName)
    }

    @Test func parsesTerms() {
        let set = SpecificCharacterSet(valueBytes: ArraySlice(Array("\\ISO 2022 IR 87 ".utf8)))
        #expect(set.terms == ["", "ISO 2022 IR 87"])
        #expect(set.usesCodeExtensions)
        #expect(SpecificCharacterSet(valueBytes: ArraySlice(Array("ISO_IR 192".utf8))) == .utf8)
        #expect(SpecificCharacterSet(terms: ["ISO_IR 999"]).unknownTerms == ["ISO_IR 999"])
    }

    @Test func singleByteSets() {
        #expect(decode([], [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]) == "Müller")
        #expect(decode(["ISO_IR 100"], [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]) == "Müller")
        #expect(decode(["ISO_IR 126"], [0xC5, 0xEB, 0xEB, 0xE7, 0xED, 0xE9, 0xEA, 0xDC]) == "Ελληνικά")
        #expect(decode(["ISO_IR 144"], [0xC8, 0xB2, 0xD2]) == "ШВв")
        #expect(decode(["ISO_IR 13"], [0xD4, 0xCF, 0xC0, 0xDE]) == "ﾔﾏﾀﾞ")
    }

    @Test func utf8AndInvalidBytes() {
        #expect(decode(["ISO_IR 192"], Array("Wang^XiaoDong=王^小东".utf8)) == "Wang^XiaoDong=王^小东")
        #expect(decode(["ISO_IR 192"], [0x41, 0xFF, 0x42]) == "A\u{FFFD}B")
    }

    @Test func gb18030() {
        let bytes: [UInt8] = Array("Wang^XiaoDong=".utf8) + [0xCD, 0xF5, 0x5E, 0xD0, 0xA1, 0xB6, 0xAB]
        #expect(decode(["GB18030"], bytes) == "Wang^XiaoDong=王^小东")
        #expect(decode(["GB18030"], [0xA2, 0xE3]) == "€")
        #expect(decode(["GB18030"], [0x94, 0x39, 0xFC, 0x36]) == "😀")
        #expect(decode(["GB18030"], [0x81, 0x30, 0x8B, 0x37]) == "ÿ")
        #expect(decode(["GBK"], [0xCD, 0xF5]) == "王")
    }

    /// PS3.5 Annex H example: Japanese person name with JIS X 0208 escapes.
    @Test func iso2022Japanese() {
        let bytes: [UInt8] = Array("Yamada^Tarou=".utf8)
            + [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, 0x5E, 0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42, 0x3D]
            + [0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28, 0x42, 0x5E, 0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x42]
        #expect(decode(["", "ISO 2022 IR 87"], bytes, personName: true) == "Yamada^Tarou=山田^太郎=やまだ^たろう")
    }

    /// PS3.5 Annex I example: Korean person name with KS X 1001 in G1.
    @Test func iso2022Korean() {
        let bytes: [UInt8] = Array("Hong^Gildong=".utf8)
            + [0x1B, 0x24, 0x29, 0x43, 0xFB, 0xF3, 0x5E, 0x1B, 0x24, 0x29, 0x43, 0xD1, 0xCE, 0xD4, 0xD7, 0x3D]
            + [0x1B, 0x24, 0x29, 0x43, 0xC8, 0xAB, 0x5E, 0x1B, 0x24, 0x29, 0x43, 0xB1, 0xE6, 0xB5, 0xBF]
        #expect(decode(["", "ISO 2022 IR 149"], bytes, personName: true) == "Hong^Gildong=洪^吉洞=홍^길동")
    }

    @Test func iso2022ResetsAtDelimiters() {
        // Latin-1 designated into G1, then a value delimiter returns to the initial (ASCII only) state.
        let bytes: [UInt8] = [0x1B, 0x2D, 0x41, 0xE9, 0x5C, 0xE9]
        #expect(decode(["ISO 2022 IR 6", "ISO 2022 IR 100"], bytes) == "é\\é")
        #expect(decode(["", "ISO 2022 IR 87"], [0x1B, 0x24, 0x42, 0x7F]) == "\u{7F}")
        #expect(decode(["", "ISO 2022 IR 87"], [0x1B, 0x24]) == "\u{FFFD}$")
    }

    @Test func sequenceItemsInheritTheCharacterSet() throws {
        var item = ElementBuilder()
        item.element(0x0010_0010, "PN", [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72])
        var data = ElementBuilder()
        data.string(0x0008_0005, "CS", "ISO_IR 100")
        data.element(0x0008_1115, "SQ", [], length: 0xFFFF_FFFF)
        data.itemStart(length: UInt32(item.bytes.count))
        data.bytes += item.bytes
        data.sequenceEnd()
        let file = try DICOMFile(bytes: data.bytes)
        let items = try #require(file.dataSet.sequence(.referencedSeriesSequence))
        #expect(items[0].string(.patientName) == "Müller")
    }
}

@Suite struct CharacterSetValidationTests {
    @Test func unknownAndIllegalCombinationsAreTyped() throws {
        #expect(throws: Never.self) { try SpecificCharacterSet(terms: ["", "ISO 2022 IR 149"]).validated() }
        for terms in [["ISO_IR 999"], ["ISO_IR 192", "ISO 2022 IR 87"], ["ISO 2022 IR 6", "BOGUS"]] {
            do {
                try SpecificCharacterSet(terms: terms).validated()
                Issue.record("expected an error for \(terms)")
            } catch {
                #expect(error.code == .unknownCharacterSet)
                #expect(error.tag == .specificCharacterSet)
            }
        }
        // Decoding stays lenient and valid Unicode even for unknown sets.
        #expect(SpecificCharacterSet(terms: ["ISO_IR 999"]).decode([0x41, 0xE9]) == "Aé")
    }
}
