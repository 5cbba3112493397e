/// A DICOM value representation (PS3.5 §6.2).
public enum VR: String, CaseIterable, Sendable, Hashable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW
    case PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    /// Decodes the two VR characters of an explicit-VR element header.
    /// - Parameters:
    ///   - first: the first character byte.
    ///   - second: the second character byte.
    /// - Returns: nil when the bytes name no VR.
    @inline(__always)
    public init?(_ first: UInt8, _ second: UInt8) {
        let index = Int(UInt16(first) << 8 | UInt16(second)) &- 0x4141
        guard index >= 0, index < VR.byCode.count, let vr = VR.byCode[index] else { return nil }
        self = vr
    }

    /// Lookup from `(c1 << 8 | c2) - "AA"` to the VR, for header decoding without string work.
    private static let byCode: [VR?] = {
        var table = [VR?](repeating: nil, count: 0x5A5A - 0x4141 + 1)
        for vr in VR.allCases {
            let utf8 = Array(vr.rawValue.utf8)
            table[Int(UInt16(utf8[0]) << 8 | UInt16(utf8[1])) - 0x4141] = vr
        }
        return table
    }()

    /// The two ASCII bytes of the VR.
    public var bytes: (UInt8, UInt8) {
        let utf8 = Array(rawValue.utf8)
        return (utf8[0], utf8[1])
    }

    /// True when explicit-VR encoding uses 2 reserved bytes and a 32-bit length (PS3.5 §7.1.2).
    public var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV: return true
        default: return false
        }
    }

    /// True for the character-string VRs.
    public var isString: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: return true
        default: return false
        }
    }

    /// True for string VRs whose values may be split on backslash into multiple values.
    public var isMultiValuedString: Bool {
        switch self {
        case .LT, .ST, .UT, .UR: return false
        default: return isString
        }
    }

    /// True for string VRs decoded with the Specific Character Set (others are ASCII, PS3.5 §6.1.2.3).
    public var usesSpecificCharacterSet: Bool {
        switch self {
        case .SH, .LO, .ST, .LT, .UC, .UT, .PN: return true
        default: return false
        }
    }

    /// The size of one binary value, for the fixed-size numeric VRs (AT counts as 4).
    /// - Returns: nil for strings, SQ and UN.
    public var binaryValueSize: Int? {
        switch self {
        case .US, .SS, .OW: return 2
        case .UL, .SL, .FL, .AT, .OF, .OL: return 4
        case .FD, .SV, .UV, .OD, .OV: return 8
        case .OB: return 1
        default: return nil
        }
    }

    /// The byte used to pad a value to even length: NUL for UI and binary VRs, space for strings.
    public var paddingByte: UInt8 {
        isString && self != .UI ? 0x20 : 0x00
    }
}
