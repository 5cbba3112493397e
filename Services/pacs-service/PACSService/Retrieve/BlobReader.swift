import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a stored blob in chunks on NIO's thread pool, so large files stream without
/// blocking the event loops or sitting whole in memory.
struct BlobReader {
    /// Bytes per chunk.
    static let chunkSize = 1 << 20

    /// Calls `body` with consecutive chunks of the byte range `range` of the file at `path`.
    /// - Throws: ``PACSError`` `.storage` when the file is missing or unreadable.
    static func stream(path: String, range: Range<Int>? = nil, _ body: (ByteBuffer) async throws -> Void) async throws {
        let descriptor = try await NIOThreadPool.singleton.runIfActive { try POSIXFile.open(path, flags: O_RDONLY | O_CLOEXEC) }
        defer { close(descriptor) }
        let end = try range?.upperBound ?? POSIXFile.size(descriptor)
        var offset = range?.lowerBound ?? 0
        while offset < end {
            let count = min(chunkSize, end - offset)
            let start = offset
            let chunk = try await NIOThreadPool.singleton.runIfActive {
                var buffer = ByteBufferAllocator().buffer(capacity: count)
                let read = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
                    try POSIXFile.read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: pointer[0..<count]), at: start)
                }
                guard read == count else { throw PACSError(.storage, "blob shorter than indexed") }
                return buffer
            }
            try await body(chunk)
            offset += count
        }
    }
}
