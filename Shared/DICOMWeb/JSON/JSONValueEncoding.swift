import DICOMCore
import Foundation

/// Turns DICOM JSON `Value` arrays into encoded value bytes (explicit VR little endian, PS3.18 §F.2).
enum JSONValueEncoding {
    /// (0008,0005) = ISO_IR 192, set when decoded text is not ASCII.
    static let characterSetUTF8 = DataElement(tag: .specificCharacterSet, vr: .CS, value: .bytes(ArraySlice(Array("ISO_IR 192".utf8))))

    static func encode(_ values: [Any], tag: DICOMTag, vr: VR, nonASCII: inout Bool) throws(DICOMError) -> [UInt8] {
        var writer = ByteWriter()
        switch vr {
        case .US, .SS, .UL, .SL, .SV, .UV, .FL, .FD, .OB, .OW, .OD, .OF, .OL, .OV, .UN:
            for value in values {
                try appendNumber(value, vr: vr, tag: tag, into: &writer)
            }
            return writer.bytes
        case .AT:
            for value in values {
                guard let text = value as? String, let attribute = DICOMTag(hex: text) else {
                    throw DICOMError(.invalidValue, tag: tag, detail: "AT value is not 8 hex digits")
                }
                writer.u16(attribute.group)
                writer.u16(attribute.element)
            }
            return writer.bytes
        case .PN:
            let texts = try values.map { (value: Any) throws(DICOMError) -> String in try personName(value, tag: tag) }
            return text(texts, nonASCII: &nonASCII)
        case .IS, .DS:
            let texts = try values.map { (value: Any) throws(DICOMError) -> String in try numericText(value, vr: vr, tag: tag) }
            return text(texts, nonASCII: &nonASCII)
        default:
            let texts = try values.map { (value: Any) throws(DICOMError) -> String in
                if value is NSNull { return "" }
                if let string = value as? String { return string }
                if let number = value as? NSNumber { return number.stringValue }
                throw DICOMError(.invalidValue, tag: tag, detail: "expected a string")
            }
            return text(texts, nonASCII: &nonASCII)
        }
    }

    private static func text(_ values: [String], nonASCII: inout Bool) -> [UInt8] {
        let bytes = Array(values.joined(separator: "\\").utf8)
        if bytes.contains(where: { $0 >= 0x80 }) { nonASCII = true }
        return bytes
    }

    /// PN object → `Alphabetic=Ideographic=Phonetic` with trailing empty groups dropped (PS3.18 §F.2.2).
    private static func personName(_ value: Any, tag: DICOMTag) throws(DICOMError) -> String {
        if value is NSNull { return "" }
        if let string = value as? String { return string }
        guard let object = value as? [String: Any] else { throw DICOMError(.invalidValue, tag: tag, detail: "PN value is not an object") }
        var groups = ["Alphabetic", "Ideographic", "Phonetic"].map { object[$0] as? String ?? "" }
        while let last = groups.last, last.isEmpty, groups.count > 1 { groups.removeLast() }
        return groups.joined(separator: "=")
    }

    /// IS/DS from a JSON number (or a string kept as sent).
    private static func numericText(_ value: Any, vr: VR, tag: DICOMTag) throws(DICOMError) -> String {
        if value is NSNull { return "" }
        if let string = value as? String { return string }
        guard let number = value as? NSNumber else { throw DICOMError(.invalidValue, tag: tag, detail: "expected a number") }
        if vr == .IS { return String(number.int64Value) }
        let value = number.doubleValue
        guard value.isFinite else { throw DICOMError(.invalidValue, tag: tag, detail: "DS must be finite") }
        return DecimalString.format(value)
    }

    private static func appendNumber(_ value: Any, vr: VR, tag: DICOMTag, into writer: inout ByteWriter) throws(DICOMError) {
        guard let number = value as? NSNumber else {
            if let text = value as? String, let parsed = Double(text) {
                try appendNumber(NSNumber(value: parsed), vr: vr, tag: tag, into: &writer)
                return
            }
            throw DICOMError(.invalidValue, tag: tag, detail: "expected a number")
        }
        switch vr {
        case .US, .OW: writer.u16(UInt16(truncatingIfNeeded: number.int64Value))
        case .SS: writer.u16(UInt16(bitPattern: Int16(truncatingIfNeeded: number.int64Value)))
        case .UL, .OL: writer.u32(UInt32(truncatingIfNeeded: number.int64Value))
        case .SL: writer.u32(UInt32(bitPattern: Int32(truncatingIfNeeded: number.int64Value)))
        case .SV: writer.u64(UInt64(bitPattern: number.int64Value))
        case .UV, .OV: writer.u64(number.uint64Value)
        case .FL, .OF: writer.u32(Float(number.doubleValue).bitPattern)
        case .FD, .OD: writer.u64(number.doubleValue.bitPattern)
        default: writer.bytes.append(UInt8(truncatingIfNeeded: number.int64Value))
        }
    }
}
