import CDICOMZlib

/// Raw DEFLATE (RFC 1951, no zlib header) as used by Deflated Explicit VR Little Endian (PS3.5 §A.5).
enum Deflate {
    /// The largest inflated size accepted (1 GiB), so a small hostile stream cannot exhaust memory.
    static let maximumInflatedSize = 1 << 30

    /// Inflates a raw DEFLATE stream.
    /// - Parameters:
    ///   - input: the compressed bytes.
    ///   - offset: the input's offset in the file, for errors.
    /// - Returns: the inflated bytes.
    /// - Throws: `DICOMError.Code.deflate` when the stream is corrupt or inflates past the limit.
    static func inflate(_ input: ArraySlice<UInt8>, offset: Int) throws(DICOMError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DICOMError(.deflate, offset: offset, detail: "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(min(input.count * 4, 64 << 20))
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        var status: Int32 = Z_OK
        var failure: DICOMError?
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            chunk.withUnsafeMutableBufferPointer { buffer in
                repeat {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = CDICOMZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = buffer.count - Int(stream.avail_out)
                    output.append(contentsOf: buffer[0..<produced])
                    if output.count > maximumInflatedSize {
                        failure = DICOMError(.deflate, offset: offset, detail: "inflated size over limit")
                        return
                    }
                    if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
                } while status == Z_OK
            }
        }
        if let failure { throw failure }
        // A truncated stream (Z_BUF_ERROR with no input left) still yields what was inflated.
        guard status == Z_STREAM_END || status == Z_BUF_ERROR || status == Z_OK else {
            throw DICOMError(.deflate, offset: offset + Int(stream.total_in), detail: "inflate status \(status)")
        }
        return output
    }

    /// Compresses bytes as a raw DEFLATE stream.
    /// - Parameter input: the bytes.
    /// - Returns: the compressed stream.
    /// - Throws: `DICOMError.Code.deflate` when zlib fails.
    static func deflate(_ input: [UInt8]) throws(DICOMError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DICOMError(.deflate, detail: "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            chunk.withUnsafeMutableBufferPointer { buffer in
                repeat {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = CDICOMZlib.deflate(&stream, Z_FINISH)
                    output.append(contentsOf: buffer[0..<(buffer.count - Int(stream.avail_out))])
                } while status == Z_OK
            }
        }
        guard status == Z_STREAM_END else { throw DICOMError(.deflate, detail: "deflate status \(status)") }
        return output
    }
}
