/// A DICOM attribute tag: group and element number packed as `0xGGGGEEEE` (PS3.5 §7.1).
public struct DICOMTag: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The packed tag, group in the high 16 bits.
    public var rawValue: UInt32

    /// Creates a tag from its packed value.
    /// - Parameter rawValue: `0xGGGGEEEE`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Creates a tag from its packed value.
    /// - Parameter rawValue: `0xGGGGEEEE`.
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// Creates a tag from group and element numbers.
    /// - Parameters:
    ///   - group: the group number.
    ///   - element: the element number.
    public init(group: UInt16, element: UInt16) {
        self.rawValue = UInt32(group) << 16 | UInt32(element)
    }

    /// Parses the eight-hex-digit form used by DICOM JSON (`"00100010"`).
    /// - Parameter hex: eight hexadecimal digits, any case.
    /// - Returns: nil unless `hex` is exactly eight hexadecimal digits.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 8, let value = UInt32(hex, radix: 16) else { return nil }
        self.rawValue = value
    }

    /// The group number.
    public var group: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    /// The element number.
    public var element: UInt16 { UInt16(truncatingIfNeeded: rawValue) }
    /// True for private data elements and private creators (odd group, PS3.5 §7.8).
    public var isPrivate: Bool { group & 1 == 1 }
    /// True for a private creator element `(gggg,0010-00FF)` with an odd group.
    public var isPrivateCreator: Bool { isPrivate && element >= 0x0010 && element <= 0x00FF }
    /// True for group length elements `(gggg,0000)`.
    public var isGroupLength: Bool { element == 0 }
    /// The private creator element that reserves this private tag's block, e.g. `(0009,0010)` for `(0009,1001)`.
    /// - Returns: nil for standard tags and for creator elements themselves.
    public var privateCreatorTag: DICOMTag? {
        guard isPrivate, element >= 0x1000 else { return nil }
        return DICOMTag(group: group, element: element >> 8)
    }

    /// `(GGGG,EEEE)` in upper-case hexadecimal.
    public var description: String {
        "(\(hex4(group)),\(hex4(element)))"
    }

    /// `GGGGEEEE` in upper-case hexadecimal, the DICOM JSON key form.
    public var hexString: String { hex4(group) + hex4(element) }

    public static func < (lhs: DICOMTag, rhs: DICOMTag) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Four upper-case hexadecimal digits.
@inline(__always)
func hex4(_ value: UInt16) -> String {
    let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
    let bytes = [digits[Int(value >> 12)], digits[Int(value >> 8 & 0xF)],
                 digits[Int(value >> 4 & 0xF)], digits[Int(value & 0xF)]]
    return String(decoding: bytes, as: UTF8.self)
}
