/// Typed, on-demand decoding of element values.
extension DataSet {
    /// The string values of a text element, decoded with the character set in force, split on
    /// backslash (except LT, ST, UT, UR) and stripped of padding as PS3.5 §6.2 allows.
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent, not a string VR, or not held as bytes; `[]` for an empty value.
    public func strings(_ tag: DICOMTag) -> [String]? {
        guard let element = self[tag] else { return nil }
        return strings(of: element)
    }

    /// The string values of an element (see `strings(_:)`).
    /// - Parameter element: an element of this data set.
    /// - Returns: nil when not a string VR or not held as bytes.
    public func strings(of element: DataElement) -> [String]? {
        guard element.vr.isString, let bytes = element.bytes else { return nil }
        return TextValues.split(bytes, vr: element.vr, characterSet: characterSet)
    }

    /// The first string value of a text element.
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent or empty.
    public func string(_ tag: DICOMTag) -> String? {
        strings(tag)?.first
    }

    /// Integer values of US, SS, UL, SL, SV, UV or IS elements.
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent or not an integer VR; IS values that do not parse are dropped.
    public func integers(_ tag: DICOMTag) -> [Int]? {
        guard let element = self[tag], let bytes = element.bytes else { return nil }
        switch element.vr {
        case .IS:
            return strings(of: element)?.compactMap { Int($0) }
        case .US, .SS, .UL, .SL, .SV, .UV:
            return BinaryValues.integers(bytes, vr: element.vr, littleEndian: isLittleEndian).map { Int(truncatingIfNeeded: $0) }
        default:
            return nil
        }
    }

    /// The first integer value (see `integers(_:)`).
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent or empty.
    public func integer(_ tag: DICOMTag) -> Int? { integers(tag)?.first }

    /// Numeric values of FL, FD, DS (and integer VRs, converted).
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent or not numeric; DS values that do not parse are dropped.
    public func doubles(_ tag: DICOMTag) -> [Double]? {
        guard let element = self[tag], let bytes = element.bytes else { return nil }
        switch element.vr {
        case .DS, .IS:
            return strings(of: element)?.compactMap { Double($0) }
        case .FL, .FD, .OF, .OD:
            return BinaryValues.floats(bytes, vr: element.vr, littleEndian: isLittleEndian)
        case .US, .SS, .UL, .SL, .SV, .UV:
            return BinaryValues.integers(bytes, vr: element.vr, littleEndian: isLittleEndian).map { Double($0) }
        default:
            return nil
        }
    }

    /// The first numeric value (see `doubles(_:)`).
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent or empty.
    public func double(_ tag: DICOMTag) -> Double? { doubles(tag)?.first }

    /// The tags of an AT element.
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent or not AT.
    public func attributeTags(_ tag: DICOMTag) -> [DICOMTag]? {
        guard let element = self[tag], element.vr == .AT, let bytes = element.bytes else { return nil }
        return BinaryValues.tags(bytes, littleEndian: isLittleEndian)
    }

    /// The items of a sequence element.
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent or not a sequence.
    public func sequence(_ tag: DICOMTag) -> [DataSet]? {
        self[tag]?.items
    }
}

/// Splitting and padding rules for text values (PS3.5 §6.2).
package enum TextValues {
    /// Decodes and splits a text value; trims trailing spaces (and NULs), and leading spaces where insignificant.
    package static func split(_ bytes: ArraySlice<UInt8>, vr: VR, characterSet: SpecificCharacterSet) -> [String] {
        if bytes.isEmpty { return [] }
        let text: String
        if vr.usesSpecificCharacterSet {
            text = characterSet.decode(bytes, isPersonName: vr == .PN)
        } else {
            text = SpecificCharacterSet.default.decode(bytes)
        }
        if !vr.isMultiValuedString {
            return [trimTrailing(text)]
        }
        let parts = text.split(separator: "\\", omittingEmptySubsequences: false)
        return parts.map { part in
            switch vr {
            case .DS, .IS, .AE, .CS, .DA, .DT, .TM, .UI, .AS, .SH, .LO:
                return String(part).trimmingSpacesAndNULs()
            default:
                return trimTrailing(String(part))
            }
        }
    }

    /// Removes trailing spaces and NULs.
    static func trimTrailing(_ text: String) -> String {
        var scalars = text.unicodeScalars
        while let last = scalars.last, last == " " || last == "\0" { scalars.removeLast() }
        return String(scalars)
    }
}
