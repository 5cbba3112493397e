#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, throwing wrappers over the POSIX calls the blob store needs.
enum POSIXFile {
    /// Opens a file.
    /// - Throws: ``PACSError`` `.storage` with the errno.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o640) throws -> Int32 {
        let descriptor = path.withCString { systemOpen($0, flags, mode) }
        guard descriptor >= 0 else { throw failure("open", errno) }
        return descriptor
    }

    /// Writes all of `buffer`, retrying short writes and EINTR.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", errno)
            }
            offset += written
        }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at end of file.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        var total = 0
        while total < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + total, buffer.count - total, off_t(offset + total))
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("read", errno)
            }
            if got == 0 { break }
            total += got
        }
        return total
    }

    /// Flushes a file or directory to stable storage.
    static func sync(_ descriptor: Int32) throws {
        guard fsync(descriptor) == 0 else { throw failure("fsync", errno) }
    }

    /// Flushes a file's data to stable storage by path (Linux flushes the inode's pages whichever descriptor asks).
    static func syncFile(_ path: String) throws {
        let descriptor = try open(path, flags: O_RDONLY | O_CLOEXEC)
        defer { close(descriptor) }
        try sync(descriptor)
    }

    /// Flushes a directory entry list to stable storage (after a rename or create in it).
    static func syncDirectory(_ path: String) throws {
        let descriptor = try open(path, flags: O_RDONLY | O_DIRECTORY)
        defer { close(descriptor) }
        try sync(descriptor)
    }

    /// Creates a directory if it does not exist.
    /// - Returns: true when it was created.
    @discardableResult
    static func makeDirectory(_ path: String) throws -> Bool {
        if mkdir(path, 0o750) == 0 { return true }
        if errno == EEXIST { return false }
        throw failure("mkdir", errno)
    }

    /// Atomically renames a file.
    static func rename(_ from: String, _ to: String) throws {
        guard systemRename(from, to) == 0 else { throw failure("rename", errno) }
    }

    /// Removes a file; a missing file is fine.
    static func unlink(_ path: String) {
        _ = systemUnlink(path)
    }

    /// The size of an open file.
    static func size(_ descriptor: Int32) throws -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure("fstat", errno) }
        return Int(info.st_size)
    }

    private static func failure(_ call: String, _ code: Int32) -> PACSError {
        PACSError(.storage, "\(call) failed (errno \(code))")
    }
}

private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, buffer, count) }
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func systemUnlink(_ path: String) -> Int32 { unlink(path) }
