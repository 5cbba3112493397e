import Foundation
import CDICOMZlib
import NIOCore

/// gzip (RFC 1952) compression of whole JSON bodies with zlib.
enum GzipEncoder {
    /// Bodies smaller than this are sent as they are.
    static let minimumSize = 1024

    /// Compresses a buffer.
    /// - Returns: nil when zlib fails (the caller then sends the body uncompressed).
    static func compress(_ input: ByteBuffer, level: Int32 = 6) -> ByteBuffer? {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.readableBytes))) + 32
        var output = ByteBufferAllocator().buffer(capacity: bound)
        let status: Int32 = input.withUnsafeReadableBytes { source in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(target.count)
                let result = deflate(&stream, Z_FINISH)
                return result == Z_STREAM_END ? target.count - Int(stream.avail_out) : 0
            } > 0 ? Z_STREAM_END : Z_DATA_ERROR
        }
        return status == Z_STREAM_END ? output : nil
    }

    /// Whether an `Accept-Encoding` header admits gzip (RFC 9110 §12.5.3; `q=0` refuses it).
    static func accepts(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            if parts.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == "q=0" || $0.hasPrefix("q=0.0") && Double($0.dropFirst(2)) == 0 }) { return false }
            return true
        }
        return false
    }
}
