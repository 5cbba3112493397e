import CDICOMZlib

/// Encodes 8-bit grey or RGB images as PNG (ISO/IEC 15948): IHDR, one zlib IDAT, IEND.
public enum PNGEncoder {
    /// Encodes an image.
    /// - Parameter image: a 1- or 3-channel image.
    /// - Returns: the PNG file bytes.
    /// - Throws: `DICOMError.Code.deflate` when compression fails.
    public static func encode(_ image: RenderedImage) throws(DICOMError) -> [UInt8] {
        var output: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = ByteWriter(littleEndian: false)
        header.u32(UInt32(image.width))
        header.u32(UInt32(image.height))
        header.bytes += [8, image.channels == 3 ? 2 : 0, 0, 0, 0]
        chunk("IHDR", header.bytes, into: &output)
        let rowLength = image.width * image.channels
        var raw = [UInt8]()
        raw.reserveCapacity((rowLength + 1) * image.height)
        for row in 0..<image.height {
            raw.append(0)  // filter type None
            raw += image.pixels[(row * rowLength)..<((row + 1) * rowLength)]
        }
        chunk("IDAT", try compress(raw), into: &output)
        chunk("IEND", [], into: &output)
        return output
    }

    private static func chunk(_ type: String, _ data: [UInt8], into output: inout [UInt8]) {
        var writer = ByteWriter(littleEndian: false)
        writer.u32(UInt32(data.count))
        let typed = Array(type.utf8) + data
        writer.bytes += typed
        let crc = typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        writer.u32(UInt32(truncatingIfNeeded: crc))
        output += writer.bytes
    }

    /// zlib-format compression (RFC 1950), as PNG's IDAT requires.
    static func compress(_ input: [UInt8]) throws(DICOMError) -> [UInt8] {
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), 6)
            }
        }
        guard status == Z_OK else { throw DICOMError(.deflate, detail: "compress2 status \(status)") }
        return Array(output.prefix(Int(length)))
    }
}
