import Crypto
import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams one instance's bytes into a temporary file of the blob store, hashing them on the
/// way and refusing more than `limit` bytes, so an upload never sits whole in memory.
public struct BlobWriter: ~Copyable {
    /// Where the bytes go until they are committed.
    public let temporaryPath: String
    private let descriptor: Int32
    private let limit: Int
    private var hasher = SHA256()
    private var pending: [UInt8] = []
    /// Bytes written so far.
    public private(set) var size = 0
    private var closed = false

    /// Opens a new temporary file.
    /// - Throws: ``PACSError`` `.storage` when the file cannot be created.
    init(temporaryPath: String, limit: Int) throws {
        self.temporaryPath = temporaryPath
        self.limit = limit
        self.descriptor = try POSIXFile.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC)
        pending.reserveCapacity(Self.flushThreshold)
    }

    /// Writes are gathered into blocks of this size before reaching the kernel.
    static let flushThreshold = 256 << 10

    /// Appends bytes.
    /// - Throws: ``PACSError`` `.tooLarge` beyond the limit, `.storage` on I/O failure.
    public mutating func write(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { try write($0) }
    }

    /// Appends bytes.
    /// - Throws: ``PACSError`` `.tooLarge` beyond the limit, `.storage` on I/O failure.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard size + bytes.count <= limit else {
            throw PACSError(.tooLarge, "instance larger than the \(limit >> 20) MiB limit")
        }
        size += bytes.count
        hasher.update(bufferPointer: bytes)
        if pending.count + bytes.count < Self.flushThreshold {
            pending.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count >= Self.flushThreshold {
            try POSIXFile.writeAll(descriptor, bytes)
        } else {
            pending.append(contentsOf: bytes)
        }
    }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try pending.withUnsafeBytes { try POSIXFile.writeAll(descriptor, $0) }
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs (unless `sync` is false: then ``FileBlobStore/sync(_:)`` must run before
    /// the blob is committed) and closes the file.
    /// - Returns: The temporary blob with its size and SHA-256.
    /// - Throws: ``PACSError`` `.storage` on I/O failure (the file is removed).
    public consuming func finish(sync: Bool = true) throws -> TemporaryBlob {
        do {
            try flush()
            if sync { try POSIXFile.sync(descriptor) }
        } catch {
            close(descriptor)
            closed = true
            POSIXFile.unlink(temporaryPath)
            throw error
        }
        close(descriptor)
        closed = true
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return TemporaryBlob(path: temporaryPath, size: size, sha256: digest)
    }

    deinit {
        if !closed {
            close(descriptor)
            POSIXFile.unlink(temporaryPath)
        }
    }
}

/// A fully written, fsynced temporary file not yet part of the store.
public struct TemporaryBlob: Sendable, Hashable {
    /// Its path.
    public var path: String
    /// Its size in bytes.
    public var size: Int
    /// SHA-256 of its bytes, lower-case hex.
    public var sha256: String
}
