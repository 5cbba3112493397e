/// Appends encoded integers and items to a growing byte array.
package struct ByteWriter {
    /// The bytes written so far.
    package var bytes: [UInt8] = []
    /// Byte order of integers.
    package let littleEndian: Bool

    /// Creates a writer.
    /// - Parameter littleEndian: byte order of integers.
    package init(littleEndian: Bool = true) { self.littleEndian = littleEndian }

    /// Appends a 16-bit integer.
    @inline(__always)
    package mutating func u16(_ value: UInt16) {
        if littleEndian {
            bytes.append(UInt8(truncatingIfNeeded: value)); bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        } else {
            bytes.append(UInt8(truncatingIfNeeded: value >> 8)); bytes.append(UInt8(truncatingIfNeeded: value))
        }
    }

    /// Appends a 32-bit integer.
    @inline(__always)
    package mutating func u32(_ value: UInt32) {
        if littleEndian {
            u16(UInt16(truncatingIfNeeded: value)); u16(UInt16(truncatingIfNeeded: value >> 16))
        } else {
            u16(UInt16(truncatingIfNeeded: value >> 16)); u16(UInt16(truncatingIfNeeded: value))
        }
    }

    /// Appends a 64-bit integer.
    package mutating func u64(_ value: UInt64) {
        if littleEndian {
            u32(UInt32(truncatingIfNeeded: value)); u32(UInt32(truncatingIfNeeded: value >> 32))
        } else {
            u32(UInt32(truncatingIfNeeded: value >> 32)); u32(UInt32(truncatingIfNeeded: value))
        }
    }

    /// Appends a tag (group, then element).
    package mutating func tag(_ raw: UInt32) {
        u16(UInt16(truncatingIfNeeded: raw >> 16))
        u16(UInt16(truncatingIfNeeded: raw))
    }

    /// Appends an item with a defined length, padding its value to even length with NUL.
    package mutating func item(_ value: ArraySlice<UInt8>) {
        tag(0xFFFE_E000)
        u32(UInt32(value.count + value.count & 1))
        bytes.append(contentsOf: value)
        if value.count & 1 == 1 { bytes.append(0) }
    }
}
