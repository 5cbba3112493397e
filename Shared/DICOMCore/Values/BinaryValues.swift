/// Decodes fixed-size binary values (US, SS, UL, SL, SV, UV, FL, FD, AT, O*) in either byte order (PS3.5 §6.2).
package enum BinaryValues {
    /// Reads an unsigned integer of `size` bytes at `offset` in `bytes`.
    @inline(__always)
    package static func unsigned(_ bytes: ArraySlice<UInt8>, at offset: Int, size: Int, littleEndian: Bool) -> UInt64 {
        var value: UInt64 = 0
        let start = bytes.startIndex + offset
        if littleEndian {
            var index = start + size - 1
            while index >= start { value = value << 8 | UInt64(bytes[index]); index -= 1 }
        } else {
            for index in start..<(start + size) { value = value << 8 | UInt64(bytes[index]) }
        }
        return value
    }

    /// Integer values of an integer VR (US, SS, UL, SL, SV, UV, OW/OB/OL/OV by element size).
    /// A trailing partial value is ignored.
    package static func integers(_ bytes: ArraySlice<UInt8>, vr: VR, littleEndian: Bool) -> [Int64] {
        guard let size = vr.binaryValueSize else { return [] }
        let count = bytes.count / size
        var result: [Int64] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let raw = unsigned(bytes, at: index * size, size: size, littleEndian: littleEndian)
            switch vr {
            case .SS: result.append(Int64(Int16(truncatingIfNeeded: raw)))
            case .SL: result.append(Int64(Int32(truncatingIfNeeded: raw)))
            case .SV: result.append(Int64(bitPattern: raw))
            default: result.append(Int64(bitPattern: raw))
            }
        }
        return result
    }

    /// Unsigned 64-bit values (UV, OV), where `integers` would wrap.
    package static func unsigned64(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> [UInt64] {
        (0..<(bytes.count / 8)).map { unsigned(bytes, at: $0 * 8, size: 8, littleEndian: littleEndian) }
    }

    /// Floating-point values of FL/OF (32-bit) or FD/OD (64-bit).
    package static func floats(_ bytes: ArraySlice<UInt8>, vr: VR, littleEndian: Bool) -> [Double] {
        switch vr {
        case .FL, .OF:
            return (0..<(bytes.count / 4)).map {
                Double(Float(bitPattern: UInt32(unsigned(bytes, at: $0 * 4, size: 4, littleEndian: littleEndian))))
            }
        case .FD, .OD:
            return (0..<(bytes.count / 8)).map {
                Double(bitPattern: unsigned(bytes, at: $0 * 8, size: 8, littleEndian: littleEndian))
            }
        default:
            return []
        }
    }

    /// Attribute tags of an AT value (pairs of 16-bit group and element).
    package static func tags(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> [DICOMTag] {
        (0..<(bytes.count / 4)).map {
            let group = UInt16(unsigned(bytes, at: $0 * 4, size: 2, littleEndian: littleEndian))
            let element = UInt16(unsigned(bytes, at: $0 * 4 + 2, size: 2, littleEndian: littleEndian))
            return DICOMTag(group: group, element: element)
        }
    }
}
