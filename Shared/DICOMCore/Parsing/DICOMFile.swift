/// A DICOM file or bare data set as read: file meta information, data set and where things are (PS3.10 §7).
public struct DICOMFile: Sendable {
    /// True when the 128-byte preamble and `DICM` prefix were present.
    public var hasPreamble: Bool
    /// The file meta information group (0002,xxxx); empty for bare data sets without one.
    public var meta: DataSet
    /// The main data set.
    public var dataSet: DataSet
    /// The transfer syntax the data set was actually read with.
    public var transferSyntax: TransferSyntax
    /// Offset of the data set's first byte in the file (in the inflated stream for deflated files).
    public var dataSetOffset: Int
    /// Offset of the Pixel Data element header when reading stopped before it.
    public var pixelDataOffset: Int?

    /// Creates a file value.
    /// - Parameters:
    ///   - meta: the file meta information.
    ///   - dataSet: the data set.
    ///   - transferSyntax: its transfer syntax.
    public init(meta: DataSet, dataSet: DataSet, transferSyntax: TransferSyntax) {
        self.hasPreamble = true
        self.meta = meta
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.dataSetOffset = 0
        self.pixelDataOffset = nil
    }

    /// Reads a Part 10 file or a bare data set from memory.
    ///
    /// Accepts a preamble with `DICM`, or none; a meta group or none (the transfer syntax is then
    /// detected: implicit/explicit VR, little/big endian). When the meta header's transfer syntax
    /// disagrees with the encoding (explicit vs implicit VR), the encoding found wins, as pydicom does.
    /// - Parameters:
    ///   - bytes: the file content.
    ///   - options: pixel data and large value handling.
    /// - Throws: `DICOMError` with the offset and tag of the first problem.
    public init(bytes: [UInt8], options: ReadOptions = .default) throws(DICOMError) {
        self = try DICOMFile.read(bytes: bytes, declaredLength: nil, options: options)
    }

    /// Reads from a prefix of the file: `declaredLength` is the real length (see `DICOMFile(path:)`).
    static func read(bytes: [UInt8], declaredLength: Int?, options: ReadOptions) throws(DICOMError) -> DICOMFile {
        let total = declaredLength ?? bytes.count
        var parser = DataSetParser(bytes: bytes, declaredLength: total, options: options)
        var position = 0
        var hasPreamble = false
        if bytes.count >= 132, bytes[128] == 0x44, bytes[129] == 0x49, bytes[130] == 0x43, bytes[131] == 0x4D {
            hasPreamble = true
            position = 132
        } else if bytes.count >= 4, bytes[0] == 0x44, bytes[1] == 0x49, bytes[2] == 0x43, bytes[3] == 0x4D {
            position = 4
        }

        // File meta information: explicit VR little endian group 0002 (PS3.10 §7.1).
        var meta = DataSet()
        if bytes.count - position >= 8, bytes[position] == 0x02, bytes[position + 1] == 0x00 {
            let metaExplicit = bytes.count - position >= 6 && VR(bytes[position + 4], bytes[position + 5]) != nil
            (meta, position) = try parser.parseDataSet(from: position, to: total, delimited: false, depth: 0,
                                                       explicitVR: metaExplicit, littleEndian: true, stopAtGroup: 0x0002)
        } else if hasPreamble && bytes.count - position < 8 && total - position >= 8 {
            throw DataSetParser.needMoreData
        }

        var syntax: TransferSyntax
        if let uidBytes = meta[.transferSyntaxUID]?.bytes {
            syntax = TransferSyntax(uid: String(decoding: uidBytes, as: UTF8.self))
        } else {
            syntax = DICOMFile.detectSyntax(bytes, at: position)
        }

        var body = bytes
        var bodyStart = position
        var bodyTotal = total
        if syntax.isDeflated {
            guard bytes.count == total else { throw DataSetParser.needMoreData }
            body = try Deflate.inflate(bytes[position...], offset: position)
            bodyStart = 0
            bodyTotal = body.count
            parser = DataSetParser(bytes: body, options: options)
        }
        // Trust the encoding over the header for explicit vs implicit VR (and endianness when missing).
        let explicitVR = DICOMFile.looksExplicit(body, at: bodyStart, little: syntax.isLittleEndian) ?? syntax.isExplicitVR
        let (dataSet, _) = try parser.parseDataSet(from: bodyStart, to: bodyTotal, delimited: false, depth: 0,
                                                   explicitVR: explicitVR, littleEndian: syntax.isLittleEndian)
        if explicitVR != syntax.isExplicitVR {
            syntax.isExplicitVR = explicitVR
        }
        var file = DICOMFile(meta: meta, dataSet: dataSet, transferSyntax: syntax)
        file.hasPreamble = hasPreamble
        file.dataSetOffset = bodyStart
        file.pixelDataOffset = parser.stoppedAt
        return file
    }

    /// Guesses the encoding of a data set with no meta header from its first element.
    static func detectSyntax(_ bytes: [UInt8], at position: Int) -> TransferSyntax {
        guard bytes.count - position >= 8 else { return .implicitVRLittleEndian }
        let littleGroup = UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
        let bigGroup = UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
        let little = !(bigGroup < littleGroup && bigGroup <= 0x0010)
        let explicit = VR(bytes[position + 4], bytes[position + 5]) != nil
        switch (explicit, little) {
        case (false, _): return .implicitVRLittleEndian
        case (true, true): return .explicitVRLittleEndian
        case (true, false): return .explicitVRBigEndian
        }
    }

    /// Whether the first element at `position` carries an explicit VR; nil when it cannot be told.
    static func looksExplicit(_ bytes: [UInt8], at position: Int, little: Bool) -> Bool? {
        guard bytes.count - position >= 8 else { return nil }
        if VR(bytes[position + 4], bytes[position + 5]) != nil {
            // An implicit length whose low bytes happen to spell a VR is possible but rare; prefer explicit.
            return true
        }
        return false
    }
}

extension DICOMFile {
    /// Reads a bare data set (no preamble or meta group) in a known transfer syntax, e.g. from a
    /// network message or a blob stored without its meta header.
    /// - Parameters:
    ///   - bytes: the encoded data set (deflated for the deflated syntax).
    ///   - transferSyntax: its transfer syntax.
    ///   - options: pixel data and large value handling.
    /// - Returns: the data set.
    /// - Throws: `DICOMError` with the offset and tag of the first problem.
    public static func dataSet(bytes: [UInt8], transferSyntax: TransferSyntax, options: ReadOptions = .default) throws(DICOMError) -> DataSet {
        var body = bytes
        if transferSyntax.isDeflated { body = try Deflate.inflate(bytes[...], offset: 0) }
        var parser = DataSetParser(bytes: body, options: options)
        let (dataSet, _) = try parser.parseDataSet(from: 0, to: body.count, delimited: false, depth: 0,
                                                   explicitVR: transferSyntax.isExplicitVR, littleEndian: transferSyntax.isLittleEndian)
        return dataSet
    }
}
