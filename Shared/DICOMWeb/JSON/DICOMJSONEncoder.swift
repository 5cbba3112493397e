import DICOMCore

/// Encodes data sets in the DICOM JSON Model (PS3.18 Annex F), writing bytes directly.
public struct DICOMJSONEncoder: Sendable {
    /// Binary values longer than this many bytes get a BulkDataURI, when `bulkDataURI` is set (default 1024).
    public var bulkDataThreshold: Int
    /// Builds the BulkDataURI of a large or deferred binary value; returning nil inlines it.
    public var bulkDataURI: (@Sendable (BulkDataReference) -> String?)?

    /// Creates an encoder.
    /// - Parameters:
    ///   - bulkDataThreshold: size in bytes above which binary values are referenced, not inlined.
    ///   - bulkDataURI: the URI builder; nil inlines every binary value.
    public init(bulkDataThreshold: Int = 1024, bulkDataURI: (@Sendable (BulkDataReference) -> String?)? = nil) {
        self.bulkDataThreshold = bulkDataThreshold
        self.bulkDataURI = bulkDataURI
    }

    /// Encodes one data set as a JSON object.
    /// - Parameter dataSet: the data set.
    /// - Returns: UTF-8 JSON.
    public func encode(_ dataSet: DataSet) -> [UInt8] {
        var writer = JSONWriter()
        writer.out.reserveCapacity(dataSet.count * 64)
        var tagPath: [DICOMTag] = []
        var itemPath: [Int] = []
        writeDataSet(dataSet, into: &writer, tagPath: &tagPath, itemPath: &itemPath)
        return writer.out
    }

    /// Encodes data sets as a JSON array (a QIDO-RS or metadata response).
    /// - Parameter dataSets: the data sets.
    /// - Returns: UTF-8 JSON.
    public func encode(_ dataSets: [DataSet]) -> [UInt8] {
        var writer = JSONWriter()
        writer.byte(UInt8(ascii: "["))
        for (index, dataSet) in dataSets.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            var tagPath: [DICOMTag] = []
            var itemPath: [Int] = []
            writeDataSet(dataSet, into: &writer, tagPath: &tagPath, itemPath: &itemPath)
        }
        writer.byte(UInt8(ascii: "]"))
        return writer.out
    }

    private func writeDataSet(_ dataSet: DataSet, into writer: inout JSONWriter, tagPath: inout [DICOMTag], itemPath: inout [Int]) {
        writer.byte(UInt8(ascii: "{"))
        var first = true
        let characterSet = dataSet.characterSet
        for element in dataSet.elements {
            if element.tag.isGroupLength { continue }
            if !first { writer.byte(UInt8(ascii: ",")) }
            first = false
            writer.byte(UInt8(ascii: "\""))
            writer.hex8(element.tag.rawValue)
            writer.ascii("\":{\"vr\":\"")
            writer.ascii(element.vr.rawValue)
            writer.byte(UInt8(ascii: "\""))
            tagPath.append(element.tag)
            writeValue(element, in: dataSet, characterSet: characterSet, into: &writer, tagPath: &tagPath, itemPath: &itemPath)
            tagPath.removeLast()
            writer.byte(UInt8(ascii: "}"))
        }
        writer.byte(UInt8(ascii: "}"))
    }

    private func writeValue(_ element: DataElement, in dataSet: DataSet, characterSet: SpecificCharacterSet, into writer: inout JSONWriter,
                            tagPath: inout [DICOMTag], itemPath: inout [Int]) {
        switch element.value {
        case .sequence(let items):
            writer.ascii(",\"Value\":[")
            for (index, item) in items.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                itemPath.append(index)
                writeDataSet(item, into: &writer, tagPath: &tagPath, itemPath: &itemPath)
                itemPath.removeLast()
            }
            writer.byte(UInt8(ascii: "]"))
        case .deferred:
            if let uri = bulkURI(element, tagPath: tagPath, itemPath: itemPath, force: true) {
                writer.ascii(",\"BulkDataURI\":")
                writer.string(uri)
            }
        case .fragments(let pixels):
            if let uri = bulkURI(element, tagPath: tagPath, itemPath: itemPath, force: true) {
                writer.ascii(",\"BulkDataURI\":")
                writer.string(uri)
            } else {
                writer.ascii(",\"InlineBinary\":\"")
                writer.base64(EncapsulatedPixelData.encodeItems(pixels, littleEndian: dataSet.isLittleEndian, delimiter: false))
                writer.byte(UInt8(ascii: "\""))
            }
        case .bytes(let bytes):
            if bytes.isEmpty { return }
            writeBytesValue(element, bytes, in: dataSet, characterSet: characterSet, into: &writer, tagPath: tagPath, itemPath: itemPath)
        }
    }

    private func writeBytesValue(_ element: DataElement, _ bytes: ArraySlice<UInt8>, in dataSet: DataSet,
                                 characterSet: SpecificCharacterSet, into writer: inout JSONWriter,
                                 tagPath: [DICOMTag], itemPath: [Int]) {
        let little = dataSet.isLittleEndian
        switch element.vr {
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN:
            if bytes.count > bulkDataThreshold, let uri = bulkURI(element, tagPath: tagPath, itemPath: itemPath, force: false) {
                writer.ascii(",\"BulkDataURI\":")
                writer.string(uri)
            } else {
                writer.ascii(",\"InlineBinary\":\"")
                if little || element.vr == .OB || element.vr == .UN {
                    writer.base64(bytes)
                } else {
                    writer.base64(ByteSwap.toLittleEndian(bytes, size: element.vr.binaryValueSize ?? 1))
                }
                writer.byte(UInt8(ascii: "\""))
            }
        case .AT:
            let tags = BinaryValues.tags(bytes, littleEndian: little)
            writer.ascii(",\"Value\":[")
            for (index, tag) in tags.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.byte(UInt8(ascii: "\""))
                writer.hex8(tag.rawValue)
                writer.byte(UInt8(ascii: "\""))
            }
            writer.byte(UInt8(ascii: "]"))
        case .US, .SS, .UL, .SL, .SV:
            let values = BinaryValues.integers(bytes, vr: element.vr, littleEndian: little)
            writer.ascii(",\"Value\":[")
            for (index, value) in values.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.ascii(String(value))
            }
            writer.byte(UInt8(ascii: "]"))
        case .UV:
            let values = BinaryValues.unsigned64(bytes, littleEndian: little)
            writer.ascii(",\"Value\":[")
            for (index, value) in values.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.ascii(String(value))
            }
            writer.byte(UInt8(ascii: "]"))
        case .FL, .FD:
            let values = BinaryValues.floats(bytes, vr: element.vr, littleEndian: little)
            writer.ascii(",\"Value\":[")
            for (index, value) in values.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.number(value)
            }
            writer.byte(UInt8(ascii: "]"))
        case .PN:
            let values = TextValues.split(bytes, vr: element.vr, characterSet: characterSet)
            guard !values.isEmpty else { return }
            writer.ascii(",\"Value\":[")
            for (index, value) in values.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writePersonName(value, into: &writer)
            }
            writer.byte(UInt8(ascii: "]"))
        case .IS, .DS:
            let values = TextValues.split(bytes, vr: element.vr, characterSet: characterSet)
            guard !values.isEmpty else { return }
            writer.ascii(",\"Value\":[")
            for (index, value) in values.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.numericString(value, isInteger: element.vr == .IS)
            }
            writer.byte(UInt8(ascii: "]"))
        case .SQ:
            return
        default:
            let values = TextValues.split(bytes, vr: element.vr, characterSet: characterSet)
            guard !values.isEmpty else { return }
            if values.count == 1 && values[0].isEmpty { return }
            writer.ascii(",\"Value\":[")
            for (index, value) in values.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                if value.isEmpty { writer.ascii("null") } else { writer.string(value) }
            }
            writer.byte(UInt8(ascii: "]"))
        }
    }

    /// PN as an object of component groups (PS3.18 §F.2.2): Alphabetic, Ideographic, Phonetic; empty groups omitted.
    private func writePersonName(_ value: String, into writer: inout JSONWriter) {
        let groups = value.split(separator: "=", maxSplits: 2, omittingEmptySubsequences: false)
        let names = ["Alphabetic", "Ideographic", "Phonetic"]
        writer.byte(UInt8(ascii: "{"))
        var first = true
        for (index, group) in groups.enumerated() where !group.isEmpty {
            if !first { writer.byte(UInt8(ascii: ",")) }
            first = false
            writer.byte(UInt8(ascii: "\""))
            writer.ascii(names[index])
            writer.ascii("\":")
            writer.string(String(group))
        }
        writer.byte(UInt8(ascii: "}"))
    }

    private func bulkURI(_ element: DataElement, tagPath: [DICOMTag], itemPath: [Int], force: Bool) -> String? {
        guard let builder = bulkDataURI else { return nil }
        return builder(BulkDataReference(tagPath: tagPath, itemPath: itemPath, element: element))
    }
}
