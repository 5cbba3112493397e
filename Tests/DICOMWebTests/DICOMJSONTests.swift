import DICOMCore
import DICOMWeb
import Testing

@Suite struct DICOMJSONTests {
    static func sample() -> DataSet {
        var item = DataSet()
        item.set(DataElement(tag: .codeValue, vr: .SH, value: .bytes(ArraySlice("T-1 ".utf8))))
        var dataSet = DataSet()
        dataSet.set(DataElement(tag: .specificCharacterSet, vr: .CS, value: .bytes(ArraySlice("ISO_IR 192".utf8))))
        dataSet.set(DataElement(tag: .patientName, vr: .PN, value: .bytes(ArraySlice("Wang^XiaoDong=王^小东\\B^A".utf8))))
        dataSet.set(DataElement(tag: .sliceThickness, vr: .DS, value: .bytes(ArraySlice(" 1.50\\abc".utf8))))
        dataSet.set(DataElement(tag: .instanceNumber, vr: .IS, value: .bytes(ArraySlice("007 ".utf8))))
        dataSet.set(DataElement(tag: .rows, vr: .US, value: .bytes([0x00, 0x02])))
        dataSet.set(DataElement(tag: DICOMTag(0x0020_5000), vr: .AT, value: .bytes([0x10, 0x00, 0x20, 0x00])))
        dataSet.set(DataElement(tag: .studyDescription, vr: .LO, value: .bytes([])))
        dataSet.set(DataElement(tag: .anatomicRegionSequence, vr: .SQ, value: .sequence([item])))
        dataSet.set(DataElement(tag: .pixelData, vr: .OB, value: .bytes(ArraySlice([UInt8](repeating: 7, count: 2000)))))
        dataSet.set(DataElement(tag: .iccProfile, vr: .OB, value: .bytes([1, 2, 3])))
        return dataSet
    }

    @Test func encodesTheJSONModel() throws {
        let encoder = DICOMJSONEncoder(bulkDataThreshold: 1024) { reference in
            "https://pacs.example/bulk/\(reference.tag.hexString)"
        }
        let json = String(decoding: encoder.encode(Self.sample()), as: UTF8.self)
        #expect(json.contains(#""00100010":{"vr":"PN","Value":[{"Alphabetic":"Wang^XiaoDong","Ideographic":"王^小东"},{"Alphabetic":"B^A"}]}"#))
        #expect(json.contains(#""00180050":{"vr":"DS","Value":[1.50,"abc"]}"#))
        #expect(json.contains(#""00200013":{"vr":"IS","Value":[7]}"#))
        #expect(json.contains(#""00280010":{"vr":"US","Value":[512]}"#))
        #expect(json.contains(#""00205000":{"vr":"AT","Value":["00100020"]}"#))
        #expect(json.contains(#""00081030":{"vr":"LO"}"#))
        #expect(json.contains(#""00082218":{"vr":"SQ","Value":[{"00080100":{"vr":"SH","Value":["T-1"]}}]}"#))
        #expect(json.contains(#""7FE00010":{"vr":"OB","BulkDataURI":"https://pacs.example/bulk/7FE00010"}"#))
        #expect(json.contains(#""00282000":{"vr":"OB","InlineBinary":"AQID"}"#))
    }

    @Test func decodesWhatItEncodes() throws {
        let encoded = DICOMJSONEncoder().encode(Self.sample())
        let decoded = try DICOMJSONDecoder().decode(encoded)
        #expect(decoded.string(.patientName) == "Wang^XiaoDong=王^小东")
        #expect(decoded.strings(.patientName)?.count == 2)
        #expect(decoded.integer(.rows) == 512)
        #expect(decoded.integer(.instanceNumber) == 7)
        #expect(decoded.attributeTags(DICOMTag(0x0020_5000)) == [.patientID])
        #expect(decoded.sequence(.anatomicRegionSequence)?.first?.string(.codeValue) == "T-1")
        #expect(decoded.string(.specificCharacterSet) == "ISO_IR 192")
        #expect(decoded[.pixelData]?.bytes?.count == 2000)
        #expect(decoded.doubles(.sliceThickness) == [1.5])
        // Encoding is stable from the first decode on (DS text is normalised to the number's shortest form).
        let reencoded = DICOMJSONEncoder().encode(decoded)
        let stable = DICOMJSONEncoder().encode(try DICOMJSONDecoder().decode(reencoded)) == reencoded
        #expect(stable)
    }

    @Test func bulkDataResolver() throws {
        let json = Array(#"{"7FE00010":{"vr":"OW","BulkDataURI":"bulk/1"}}"#.utf8)
        let decoded = try DICOMJSONDecoder { uri in uri == "bulk/1" ? [1, 2, 3, 4] : [] }.decode(json)
        #expect(decoded[.pixelData]?.bytes.map(Array.init) == [1, 2, 3, 4])
    }

    @Test(arguments: [#"[1]"#, #"{"zz":{}}"#, #"{"00100010":{"vr":"XX"}}"#, #"{"00280010":{"vr":"US","Value":["a"]}}"#, "{"])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: DICOMError.self) { try DICOMJSONDecoder().decode(Array(text.utf8)) }
    }
}

@Suite struct BulkDataReferenceTests {
    @Test func nestedReferencesCarryTheirPath() throws {
        var item = DataSet()
        item.set(DataElement(tag: .iccProfile, vr: .OB, value: .bytes(ArraySlice([UInt8](repeating: 1, count: 64)))))
        var dataSet = DataSet()
        dataSet.set(DataElement(tag: .iconImageSequence, vr: .SQ, value: .sequence([DataSet(), item])))
        dataSet.set(DataElement(tag: .pixelData, vr: .OW, value: .deferred(offset: 1000, length: 512)))
        let encoder = DICOMJSONEncoder(bulkDataThreshold: 16) { reference in
            let path = zip(reference.tagPath, reference.itemPath + [-1]).map { "\($0.0.hexString)[\($0.1)]" }.joined(separator: "/")
            return reference.isPixelData ? "frames" : path
        }
        let json = String(decoding: encoder.encode(dataSet), as: UTF8.self)
        #expect(json.contains(#""00282000":{"vr":"OB","BulkDataURI":"00880200[1]/00282000[-1]"}"#))
        #expect(json.contains(#""7FE00010":{"vr":"OW","BulkDataURI":"frames"}"#))
        // Without a URI builder, a deferred value has no representation but its VR.
        let plain = String(decoding: DICOMJSONEncoder().encode(dataSet), as: UTF8.self)
        #expect(plain.contains(#""7FE00010":{"vr":"OW"}"#))
    }

    @Test func arraysOfDataSets() throws {
        var first = DataSet()
        first.set(DataElement(tag: .patientID, vr: .LO, value: .bytes(ArraySlice("A".utf8))))
        let json = DICOMJSONEncoder().encode([first, DataSet()])
        #expect(String(decoding: json, as: UTF8.self) == #"[{"00100020":{"vr":"LO","Value":["A"]}},{}]"#)
        let decoded = try DICOMJSONDecoder().decodeArray(json)
        #expect(decoded.count == 2)
        #expect(decoded[0].string(.patientID) == "A")
    }
}
