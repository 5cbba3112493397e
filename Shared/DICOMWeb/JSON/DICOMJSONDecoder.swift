import DICOMCore
import Foundation

/// Decodes the DICOM JSON Model (PS3.18 Annex F) into data sets (explicit VR little endian values).
///
/// Text is stored as UTF-8; when any text value is not ASCII, Specific Character Set (0008,0005)
/// becomes `ISO_IR 192`. BulkDataURI values are fetched through `bulkData`, or left empty without it.
public struct DICOMJSONDecoder: Sendable {
    /// Resolves a BulkDataURI to the value bytes; nil leaves such values empty.
    public var bulkData: (@Sendable (String) throws -> [UInt8])?

    /// Creates a decoder.
    /// - Parameter bulkData: the BulkDataURI resolver.
    public init(bulkData: (@Sendable (String) throws -> [UInt8])? = nil) {
        self.bulkData = bulkData
    }

    /// Decodes one JSON object.
    /// - Parameter json: UTF-8 JSON text of one data set.
    /// - Returns: the data set.
    /// - Throws: `DICOMError` `.invalidValue` for malformed JSON, tags, VRs or values.
    public func decode(_ json: [UInt8]) throws(DICOMError) -> DataSet {
        guard let object = try parse(json) as? [String: Any] else {
            throw DICOMError(.invalidValue, detail: "expected a JSON object")
        }
        var usesNonASCII = false
        let dataSet = try decodeDataSet(object, nonASCII: &usesNonASCII)
        return usesNonASCII ? Self.markingUTF8(dataSet, isRoot: true) : dataSet
    }

    /// Sets (0008,0005) to ISO_IR 192 at the root and in every item that declares its own character set.
    static func markingUTF8(_ dataSet: DataSet, isRoot: Bool) -> DataSet {
        var result = dataSet
        if isRoot || dataSet.contains(.specificCharacterSet) { result.set(JSONValueEncoding.characterSetUTF8) }
        for element in dataSet.elements {
            if case .sequence(let items) = element.value {
                var updated = element
                updated.value = .sequence(items.map { markingUTF8($0, isRoot: false) })
                result.set(updated)
            }
        }
        return result
    }

    /// Decodes a JSON array of data sets (a QIDO-RS or metadata response).
    /// - Parameter json: UTF-8 JSON text of an array.
    /// - Returns: the data sets.
    /// - Throws: `DICOMError` `.invalidValue` for malformed input.
    public func decodeArray(_ json: [UInt8]) throws(DICOMError) -> [DataSet] {
        guard let array = try parse(json) as? [Any] else {
            throw DICOMError(.invalidValue, detail: "expected a JSON array")
        }
        var result: [DataSet] = []
        for entry in array {
            guard let object = entry as? [String: Any] else { throw DICOMError(.invalidValue, detail: "expected objects") }
            var usesNonASCII = false
            let dataSet = try decodeDataSet(object, nonASCII: &usesNonASCII)
            result.append(usesNonASCII ? Self.markingUTF8(dataSet, isRoot: true) : dataSet)
        }
        return result
    }

    private func parse(_ json: [UInt8]) throws(DICOMError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed])
        } catch {
            throw DICOMError(.invalidValue, detail: "malformed JSON")
        }
    }

    private func decodeDataSet(_ object: [String: Any], nonASCII: inout Bool) throws(DICOMError) -> DataSet {
        var elements: [DataElement] = []
        elements.reserveCapacity(object.count)
        for (key, raw) in object {
            guard let tag = DICOMTag(hex: key) else { throw DICOMError(.invalidValue, detail: "bad tag key \(key)") }
            guard let attribute = raw as? [String: Any], let vrText = attribute["vr"] as? String, let vr = VR(rawValue: vrText) else {
                throw DICOMError(.invalidValue, tag: tag, detail: "missing or unknown vr")
            }
            elements.append(DataElement(tag: tag, vr: vr, value: try decodeValue(attribute, tag: tag, vr: vr, nonASCII: &nonASCII)))
        }
        return DataSet(elements: elements)
    }

    private func decodeValue(_ attribute: [String: Any], tag: DICOMTag, vr: VR, nonASCII: inout Bool) throws(DICOMError) -> DICOMValue {
        if let inline = attribute["InlineBinary"] as? String {
            guard let data = Data(base64Encoded: inline, options: [.ignoreUnknownCharacters]) else {
                throw DICOMError(.invalidValue, tag: tag, detail: "InlineBinary is not base64")
            }
            return .bytes(ArraySlice(data))
        }
        if let uri = attribute["BulkDataURI"] as? String {
            guard let bulkData else { return .bytes([]) }
            do {
                return .bytes(ArraySlice(try bulkData(uri)))
            } catch {
                throw DICOMError(.notFound, tag: tag, detail: "BulkDataURI could not be resolved")
            }
        }
        guard let values = attribute["Value"] as? [Any] else { return vr == .SQ ? .sequence([]) : .bytes([]) }
        if vr == .SQ {
            var items: [DataSet] = []
            for value in values {
                guard let item = value as? [String: Any] else { throw DICOMError(.invalidValue, tag: tag, detail: "item is not an object") }
                items.append(try decodeDataSet(item, nonASCII: &nonASCII))
            }
            return .sequence(items)
        }
        return .bytes(ArraySlice(try JSONValueEncoding.encode(values, tag: tag, vr: vr, nonASCII: &nonASCII)))
    }
}
