/// Encodes data sets in an uncompressed or encapsulated transfer syntax (PS3.5 §7, §A).
///
/// Values are padded to even length, sequences and items are written with undefined length,
/// binary values are byte-swapped when the target byte order differs from the source's.
struct DataSetEncoder {
    let explicitVR: Bool
    let littleEndian: Bool
    let allowsFragments: Bool
    var writer: ByteWriter

    init(syntax: TransferSyntax) {
        explicitVR = syntax.isExplicitVR
        littleEndian = syntax.isLittleEndian
        allowsFragments = syntax.isEncapsulated
        writer = ByteWriter(littleEndian: syntax.isLittleEndian)
    }

    /// Encodes every element except group lengths (recomputed only for the meta group) and, at the top level,
    /// the file meta group.
    mutating func encode(_ dataSet: DataSet, skipMetaGroup: Bool) throws(DICOMError) {
        for element in dataSet.elements {
            if element.tag.isGroupLength { continue }
            if skipMetaGroup && element.tag.group == 0x0002 { continue }
            try encode(element, in: dataSet)
        }
    }

    private mutating func encode(_ element: DataElement, in dataSet: DataSet) throws(DICOMError) {
        switch element.value {
        case .bytes(let bytes):
            try header(element.tag, vr: element.vr, length: bytes.count + bytes.count & 1)
            if dataSet.isLittleEndian == littleEndian || !needsSwap(element.vr) {
                writer.bytes.append(contentsOf: bytes)
            } else {
                // AT values are pairs of 16-bit numbers, so they swap as 16-bit units.
                let unit = element.vr == .AT ? 2 : element.vr.binaryValueSize ?? 1
                writer.bytes.append(contentsOf: ByteSwap.swapped(bytes, size: unit))
            }
            if bytes.count & 1 == 1 { writer.bytes.append(element.vr.paddingByte) }
        case .sequence(let items):
            try header(element.tag, vr: .SQ, length: nil)
            for item in items {
                writer.tag(0xFFFE_E000)
                writer.u32(0xFFFF_FFFF)
                try encode(item, skipMetaGroup: false)
                writer.tag(0xFFFE_E00D)
                writer.u32(0)
            }
            writer.tag(0xFFFE_E0DD)
            writer.u32(0)
        case .fragments(let pixels):
            guard allowsFragments else {
                throw DICOMError(.unsupportedTransferSyntax, offset: element.offset, tag: element.tag,
                                 detail: "encapsulated pixel data needs an encapsulated transfer syntax")
            }
            try header(element.tag, vr: .OB, length: nil)
            writer.item(pixels.basicOffsetTable)
            for fragment in pixels.fragments { writer.item(fragment) }
            writer.tag(0xFFFE_E0DD)
            writer.u32(0)
        case .deferred:
            throw DICOMError(.invalidValue, offset: element.offset, tag: element.tag, detail: "value was not loaded")
        }
    }

    /// True for VRs whose values are multi-byte numbers (swapped between byte orders).
    private func needsSwap(_ vr: VR) -> Bool {
        switch vr {
        case .US, .SS, .UL, .SL, .FL, .FD, .SV, .UV, .AT, .OW, .OF, .OD, .OL, .OV: return true
        default: return false
        }
    }

    /// Writes an element header; `length` nil means undefined length.
    private mutating func header(_ tag: DICOMTag, vr: VR, length: Int?) throws(DICOMError) {
        writer.tag(tag.rawValue)
        let encodedLength = length.map { UInt32(truncatingIfNeeded: $0) } ?? 0xFFFF_FFFF
        if let length, length > Int(UInt32.max - 1) {
            throw DICOMError(.invalidLength, tag: tag, detail: "value too long")
        }
        guard explicitVR else {
            writer.u32(encodedLength)
            return
        }
        var vr = vr
        if !vr.hasLongLength, let length, length > 0xFFFF {
            // Too long for a 16-bit length: the only lossless explicit encoding is UN (PS3.5 §6.2.2).
            vr = .UN
        }
        let (first, second) = vr.bytes
        writer.bytes.append(first)
        writer.bytes.append(second)
        if vr.hasLongLength {
            writer.u16(0)
            writer.u32(encodedLength)
        } else {
            writer.u16(UInt16(truncatingIfNeeded: length ?? 0))
        }
    }
}
