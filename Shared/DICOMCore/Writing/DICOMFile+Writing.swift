/// Writing Part 10 files (PS3.10 §7.1): preamble, `DICM`, file meta group, data set.
extension DICOMFile {
    /// Our Implementation Class UID (0002,0012), a UUID-derived UID under 2.25 (PS3.5 §B.2).
    public static let implementationClassUID = "2.25.248104526405214358916624117839384052297"
    /// Our Implementation Version Name (0002,0013).
    public static let implementationVersionName = "TESSERA_1"

    /// Encodes the file as Part 10 bytes.
    ///
    /// The meta group is rebuilt: group length, version, media storage SOP class/instance (from the data set
    /// when present), transfer syntax, implementation UID and name; other meta elements are kept.
    /// - Parameter syntax: the transfer syntax to write (default: the one read). Re-encoding between
    ///   Implicit VR LE, Explicit VR LE/BE and Deflated is supported; encapsulated data keeps its syntax.
    /// - Returns: the file bytes.
    /// - Throws: `DICOMError` `.unsupportedTransferSyntax` when encapsulated pixel data would need
    ///   decompression, `.invalidValue` for values that were not loaded.
    public func serialized(as syntax: TransferSyntax? = nil) throws(DICOMError) -> [UInt8] {
        // Derive the flags from the UID: a file read with the wrong VR encoding is written correctly.
        let target = TransferSyntax(uid: (syntax ?? transferSyntax).uid)
        var meta = DataSet()
        for element in self.meta.elements where !element.tag.isGroupLength { meta.set(element) }
        meta.set(DataElement(tag: .fileMetaInformationVersion, vr: .OB, value: .bytes([0x00, 0x01])))
        if let sopClass = dataSet[.sopClassUID]?.bytes {
            meta.set(DataElement(tag: .mediaStorageSOPClassUID, vr: .UI, value: .bytes(sopClass)))
        }
        if let sopInstance = dataSet[.sopInstanceUID]?.bytes {
            meta.set(DataElement(tag: .mediaStorageSOPInstanceUID, vr: .UI, value: .bytes(sopInstance)))
        }
        meta.set(DataElement(tag: .transferSyntaxUID, vr: .UI, value: .bytes(ArraySlice(target.uid.utf8))))
        meta.set(DataElement(tag: .implementationClassUID, vr: .UI, value: .bytes(ArraySlice(DICOMFile.implementationClassUID.utf8))))
        meta.set(DataElement(tag: .implementationVersionName, vr: .SH, value: .bytes(ArraySlice(DICOMFile.implementationVersionName.utf8))))

        var metaEncoder = DataSetEncoder(syntax: .explicitVRLittleEndian)
        try metaEncoder.encode(meta, skipMetaGroup: false)
        var output = [UInt8](repeating: 0, count: 128)
        output.append(contentsOf: Array("DICM".utf8))
        var groupLength = ByteWriter()
        groupLength.tag(0x0002_0000)
        groupLength.bytes.append(contentsOf: Array("UL".utf8))
        groupLength.u16(4)
        groupLength.u32(UInt32(metaEncoder.writer.bytes.count))
        output.append(contentsOf: groupLength.bytes)
        output.append(contentsOf: metaEncoder.writer.bytes)
        output.append(contentsOf: try DICOMFile.encode(dataSet, as: target))
        return output
    }

    /// Encodes a bare data set (no preamble or meta group) in a transfer syntax.
    /// - Parameters:
    ///   - dataSet: the data set (any group 0002 elements are left out).
    ///   - syntax: the transfer syntax.
    /// - Returns: the encoded bytes (deflated for the deflated syntax).
    /// - Throws: `DICOMError` as `serialized(as:)`.
    public static func encode(_ dataSet: DataSet, as syntax: TransferSyntax) throws(DICOMError) -> [UInt8] {
        var encoder = DataSetEncoder(syntax: syntax)
        try encoder.encode(dataSet, skipMetaGroup: true)
        if syntax.isDeflated {
            return try Deflate.deflate(encoder.writer.bytes)
        }
        return encoder.writer.bytes
    }
}
