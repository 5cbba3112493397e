/// Typed setters that encode values for the data set's byte order (PS3.5 §6.2).
extension DataSet {
    /// Sets a text element; values are joined with backslash. The VR defaults to the dictionary's.
    ///
    /// Text must be representable in the data set's character set: ASCII always is; other text needs
    /// ISO_IR 192 (UTF-8) in force (set it first, `characterSetUTF8`, when the data set has no other text).
    /// - Parameters:
    ///   - tag: the tag.
    ///   - strings: the values (empty for an empty value).
    ///   - vr: the VR, when not the dictionary's.
    /// - Throws: `DICOMError` `.invalidValue` for non-text VRs, values containing backslash in multi-valued
    ///   VRs, or non-ASCII text without UTF-8 in force.
    public mutating func set(_ tag: DICOMTag, strings: [String], vr: VR? = nil) throws(DICOMError) {
        let vr = vr ?? DataDictionary.entry(for: tag)?.vr ?? .UN
        guard vr.isString else { throw DICOMError(.invalidValue, tag: tag, detail: "VR \(vr.rawValue) is not text") }
        if vr.isMultiValuedString, strings.contains(where: { $0.contains("\\") }) {
            throw DICOMError(.invalidValue, tag: tag, detail: "a value contains a backslash")
        }
        let bytes = Array(strings.joined(separator: "\\").utf8)
        if bytes.contains(where: { $0 >= 0x80 }) && !(vr.usesSpecificCharacterSet && characterSet.initialElement == .utf8) {
            throw DICOMError(.invalidValue, tag: tag, detail: "non-ASCII text needs ISO_IR 192 in (0008,0005)")
        }
        set(DataElement(tag: tag, vr: vr, value: .bytes(ArraySlice(bytes))))
    }

    /// Sets integer values: binary for US, SS, UL, SL, SV, UV; decimal text for IS.
    /// - Parameters:
    ///   - tag: the tag.
    ///   - integers: the values.
    ///   - vr: the VR, when not the dictionary's.
    /// - Throws: `DICOMError.Code.invalidValue` for other VRs or values out of the VR's range.
    public mutating func set(_ tag: DICOMTag, integers: [Int], vr: VR? = nil) throws(DICOMError) {
        let vr = vr ?? DataDictionary.entry(for: tag)?.vr ?? .UN
        var writer = ByteWriter(littleEndian: isLittleEndian)
        for value in integers {
            switch vr {
            case .US:
                guard let narrow = UInt16(exactly: value) else { throw outOfRange(tag, vr) }
                writer.u16(narrow)
            case .SS:
                guard let narrow = Int16(exactly: value) else { throw outOfRange(tag, vr) }
                writer.u16(UInt16(bitPattern: narrow))
            case .UL:
                guard let narrow = UInt32(exactly: value) else { throw outOfRange(tag, vr) }
                writer.u32(narrow)
            case .SL:
                guard let narrow = Int32(exactly: value) else { throw outOfRange(tag, vr) }
                writer.u32(UInt32(bitPattern: narrow))
            case .SV: writer.u64(UInt64(bitPattern: Int64(value)))
            case .UV:
                guard value >= 0 else { throw outOfRange(tag, vr) }
                writer.u64(UInt64(value))
            case .IS:
                guard abs(value) < 1_000_000_000_000 else { throw outOfRange(tag, vr) }
            default:
                throw DICOMError(.invalidValue, tag: tag, detail: "VR \(vr.rawValue) does not hold integers")
            }
        }
        if vr == .IS {
            set(DataElement(tag: tag, vr: .IS, value: .bytes(ArraySlice(integers.map(String.init).joined(separator: "\\").utf8))))
        } else {
            set(DataElement(tag: tag, vr: vr, value: .bytes(ArraySlice(writer.bytes))))
        }
    }

    /// Sets floating-point values: binary for FL, FD; decimal text of at most 16 characters for DS.
    /// - Parameters:
    ///   - tag: the tag.
    ///   - doubles: the values.
    ///   - vr: the VR, when not the dictionary's.
    /// - Throws: `DICOMError.Code.invalidValue` for other VRs, or non-finite values in DS.
    public mutating func set(_ tag: DICOMTag, doubles: [Double], vr: VR? = nil) throws(DICOMError) {
        let vr = vr ?? DataDictionary.entry(for: tag)?.vr ?? .UN
        var writer = ByteWriter(littleEndian: isLittleEndian)
        switch vr {
        case .FL, .OF: for value in doubles { writer.u32(Float(value).bitPattern) }
        case .FD, .OD: for value in doubles { writer.u64(value.bitPattern) }
        case .DS:
            var texts: [String] = []
            for value in doubles {
                guard value.isFinite else { throw outOfRange(tag, vr) }
                texts.append(DecimalString.format(value))
            }
            writer.bytes = Array(texts.joined(separator: "\\").utf8)
        default:
            throw DICOMError(.invalidValue, tag: tag, detail: "VR \(vr.rawValue) does not hold decimals")
        }
        set(DataElement(tag: tag, vr: vr, value: .bytes(ArraySlice(writer.bytes))))
    }

    private func outOfRange(_ tag: DICOMTag, _ vr: VR) -> DICOMError {
        DICOMError(.invalidValue, tag: tag, detail: "value out of range for \(vr.rawValue)")
    }
}

/// DS text: the shortest decimal form that fits 16 characters (PS3.5 Table 6.2-1).
package enum DecimalString {
    /// Formats a finite value.
    package static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let shortest = value.description
        if shortest.utf8.count <= 16 { return shortest }
        // Too long: reduce significant digits until it fits.
        var digits = 15
        while digits > 1 {
            let text = rounded(value, significantDigits: digits)
            if text.utf8.count <= 16 { return text }
            digits -= 1
        }
        return rounded(value, significantDigits: 1)
    }

    private static func rounded(_ value: Double, significantDigits: Int) -> String {
        guard value != 0 else { return "0" }
        var exponent = 0
        var magnitude = abs(value)
        while magnitude >= 10 { magnitude /= 10; exponent += 1 }
        while magnitude < 1 { magnitude *= 10; exponent -= 1 }
        var scale = 1.0
        for _ in 0..<(significantDigits - 1) { scale *= 10 }
        let mantissa = (magnitude * scale).rounded() / scale
        let sign = value < 0 ? "-" : ""
        if exponent >= -4 && exponent < 15 {
            let plain = mantissa * pow10(exponent)
            let text = plain.description
            if text.utf8.count + sign.utf8.count <= 16 { return sign + text }
        }
        return sign + mantissa.description + "e" + String(exponent)
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        if exponent >= 0 { for _ in 0..<exponent { result *= 10 } } else { for _ in 0..<(-exponent) { result /= 10 } }
        return result
    }
}
