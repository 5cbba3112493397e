import DICOMCore

/// Builds encoded elements byte by byte for parser fixtures (explicit or implicit VR, either byte order).
struct ElementBuilder {
    var bytes: [UInt8] = []
    var explicitVR = true
    var littleEndian = true

    mutating func u16(_ value: UInt16) {
        if littleEndian {
            bytes += [UInt8(value & 0xFF), UInt8(value >> 8)]
        } else {
            bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
    }

    mutating func u32(_ value: UInt32) {
        if littleEndian {
            u16(UInt16(value & 0xFFFF)); u16(UInt16(value >> 16))
        } else {
            u16(UInt16(value >> 16)); u16(UInt16(value & 0xFFFF))
        }
    }

    mutating func tag(_ tag: UInt32) {
        u16(UInt16(tag >> 16))
        u16(UInt16(tag & 0xFFFF))
    }

    /// Appends an element header (length nil = undefined) and its value.
    mutating func element(_ tag: UInt32, _ vr: String, _ value: [UInt8], length: UInt32? = nil) {
        self.tag(tag)
        let declared = length ?? UInt32(value.count)
        if explicitVR {
            bytes += Array(vr.utf8)
            if ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"].contains(vr) {
                u16(0)
                u32(declared)
            } else {
                u16(UInt16(truncatingIfNeeded: declared))
            }
        } else {
            u32(declared)
        }
        bytes += value
    }

    /// Appends a string element, padded to even length.
    mutating func string(_ tag: UInt32, _ vr: String, _ text: String) {
        var value = Array(text.utf8)
        if value.count % 2 == 1 { value.append(vr == "UI" ? 0 : 0x20) }
        element(tag, vr, value)
    }

    mutating func us(_ tag: UInt32, _ value: UInt16) {
        var inner = ElementBuilder(explicitVR: explicitVR, littleEndian: littleEndian)
        inner.u16(value)
        element(tag, "US", inner.bytes)
    }

    mutating func itemStart(length: UInt32 = 0xFFFF_FFFF) { tag(0xFFFE_E000); u32(length) }
    mutating func itemEnd() { tag(0xFFFE_E00D); u32(0) }
    mutating func sequenceEnd() { tag(0xFFFE_E0DD); u32(0) }

    /// A Part 10 file: preamble, DICM, a minimal meta group and this builder's bytes as the data set.
    func part10(transferSyntax: String) -> [UInt8] {
        var meta = ElementBuilder()
        var uid = Array(transferSyntax.utf8)
        if uid.count % 2 == 1 { uid.append(0) }
        meta.element(0x0002_0001, "OB", [0, 1])
        meta.element(0x0002_0010, "UI", uid)
        var group = ElementBuilder()
        group.element(0x0002_0000, "UL", [UInt8(meta.bytes.count & 0xFF), UInt8(meta.bytes.count >> 8 & 0xFF), 0, 0])
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + group.bytes + meta.bytes + bytes
    }
}
