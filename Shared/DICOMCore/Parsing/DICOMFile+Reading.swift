#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX `read`, named apart from `DICOMFile.read(bytes:…)`.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

extension DICOMFile {
    /// The first read of a file when Pixel Data is skipped or stops reading: enough for most headers.
    static let headerPrefixSize = 64 << 10

    /// Reads a DICOM file from disk.
    ///
    /// With `options.pixelData` `.stop` or `.skip`, only a prefix is read first; the rest is read
    /// only when the header does not fit in it.
    /// - Parameters:
    ///   - path: the file path.
    ///   - options: pixel data and large value handling.
    /// - Throws: `DICOMError` (`.io` when the file cannot be read).
    public init(path: String, options: ReadOptions = .default) throws(DICOMError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DICOMError(.io, detail: "cannot open file (errno \(errno))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw DICOMError(.io, detail: "cannot stat file") }
        let size = Int(info.st_size)
        if options.pixelData != .load && size > DICOMFile.headerPrefixSize {
            let prefix = try DICOMFile.readBytes(descriptor, count: DICOMFile.headerPrefixSize)
            do {
                self = try DICOMFile.read(bytes: prefix, declaredLength: size, options: options)
                return
            } catch where error == DataSetParser.needMoreData {
                // fall through: read it all
            }
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw DICOMError(.io, detail: "cannot seek") }
        }
        let bytes = try DICOMFile.readBytes(descriptor, count: size)
        self = try DICOMFile.read(bytes: bytes, declaredLength: nil, options: options)
    }

    /// Reads a whole file into memory.
    /// - Parameter path: the file path.
    /// - Returns: its bytes.
    /// - Throws: `DICOMError` `.io`.
    public static func readAll(path: String) throws(DICOMError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DICOMError(.io, detail: "cannot open file (errno \(errno))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw DICOMError(.io, detail: "cannot stat file") }
        return try readBytes(descriptor, count: Int(info.st_size))
    }

    /// Reads a value that was deferred while reading (`DICOMValue.deferred`) from the file, without
    /// loading anything else: e.g. Pixel Data skipped while indexing.
    ///
    /// Offsets of deflated files refer to the inflated stream and cannot be read this way.
    /// - Parameters:
    ///   - path: the file the value was read from.
    ///   - offset: the value's offset.
    ///   - length: its length in bytes.
    /// - Returns: the value bytes.
    /// - Throws: `DICOMError` `.io` when the file is shorter or unreadable.
    public static func readRange(path: String, offset: Int, length: Int) throws(DICOMError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DICOMError(.io, detail: "cannot open file (errno \(errno))") }
        defer { close(descriptor) }
        var info = stat()
        guard offset >= 0, length >= 0, fstat(descriptor, &info) == 0, offset <= Int(info.st_size) - length else {
            throw DICOMError(.io, offset: offset, detail: "range outside the file")
        }
        guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else { throw DICOMError(.io, detail: "cannot seek") }
        let bytes = try readBytes(descriptor, count: length)
        guard bytes.count == length else { throw DICOMError(.io, offset: offset, detail: "short read") }
        return bytes
    }

    /// Reads up to `count` bytes from the current position.
    private static func readBytes(_ descriptor: Int32, count: Int) throws(DICOMError) -> [UInt8] {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var total = 0
            while total < count {
                let got = posixRead(descriptor, buffer.baseAddress! + total, count - total)
                if got < 0 { if errno == EINTR { continue }; failed = true; break }
                if got == 0 { break }
                total += got
            }
            initialized = total
        }
        if failed { throw DICOMError(.io, detail: "read failed") }
        return bytes
    }
}
