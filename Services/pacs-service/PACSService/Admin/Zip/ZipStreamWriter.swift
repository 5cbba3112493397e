import CDICOMZlib
import Foundation
import NIOCore

/// Writes a ZIP archive (APPNOTE 6.3.10) as a stream: stored (uncompressed) entries, each
/// followed by a data descriptor carrying its CRC-32 (computed while the bytes pass), then the
/// central directory. ZIP64 records are added when an entry, an offset or the entry count
/// exceeds the classic limits, so archives of any size open in common tools. DICOM pixel data
/// is mostly compressed or noisy already, so storing keeps throughput at disk speed.
struct ZipStreamWriter {
    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt64
        var offset: UInt64
        var time: UInt16
        var date: UInt16
    }

    private var entries: [Entry] = []
    private var pending: Entry?
    /// Bytes produced so far.
    private(set) var offset: UInt64 = 0
    private let time: UInt16
    private let date: UInt16

    private static let limit32: UInt64 = 0xFFFF_FFFF
    private static let flags: UInt16 = 0x0808  // bit 3: data descriptor; bit 11: UTF-8 names

    /// Creates a writer; every entry gets `modified` as its time stamp.
    init(modified: Date = Date()) {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: modified)
        time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        date = UInt16(max((parts.year ?? 1980) - 1980, 0) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    }

    /// Starts an entry: its local file header. Write the entry's bytes next, then ``finishEntry(crc:size:)``.
    /// - Parameters:
    ///   - name: The path inside the archive (`/`-separated).
    ///   - size: The entry's size when known in advance (decides whether the entry needs ZIP64 sizes).
    mutating func startEntry(name: String, size: UInt64) -> ByteBuffer {
        let nameBytes = Array(name.utf8)
        let zip64 = size >= Self.limit32
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(0x0403_4B50), endianness: .little)
        buffer.writeInteger(UInt16(zip64 ? 45 : 20), endianness: .little)
        buffer.writeInteger(Self.flags, endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)  // stored
        buffer.writeInteger(time, endianness: .little)
        buffer.writeInteger(date, endianness: .little)
        buffer.writeInteger(UInt32(0), endianness: .little)  // CRC in the descriptor
        buffer.writeInteger(UInt32(zip64 ? 0xFFFF_FFFF : 0), endianness: .little)
        buffer.writeInteger(UInt32(zip64 ? 0xFFFF_FFFF : 0), endianness: .little)
        buffer.writeInteger(UInt16(nameBytes.count), endianness: .little)
        buffer.writeInteger(UInt16(zip64 ? 20 : 0), endianness: .little)
        buffer.writeBytes(nameBytes)
        if zip64 {
            buffer.writeInteger(UInt16(0x0001), endianness: .little)
            buffer.writeInteger(UInt16(16), endianness: .little)
            buffer.writeInteger(UInt64(0), endianness: .little)
            buffer.writeInteger(UInt64(0), endianness: .little)
        }
        pending = Entry(name: nameBytes, crc: 0, size: size, offset: offset, time: time, date: date)
        offset += UInt64(buffer.readableBytes)
        return buffer
    }

    /// Ends the current entry after its `size` bytes were written: the data descriptor.
    mutating func finishEntry(crc: UInt32, size: UInt64) -> ByteBuffer {
        guard var entry = pending else { return ByteBuffer() }
        let zip64 = entry.size >= Self.limit32 || size >= Self.limit32
        entry.crc = crc
        entry.size = size
        offset += size
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(0x0807_4B50), endianness: .little)
        buffer.writeInteger(crc, endianness: .little)
        if zip64 {
            buffer.writeInteger(size, endianness: .little)
            buffer.writeInteger(size, endianness: .little)
        } else {
            buffer.writeInteger(UInt32(size), endianness: .little)
            buffer.writeInteger(UInt32(size), endianness: .little)
        }
        offset += UInt64(buffer.readableBytes)
        entries.append(entry)
        pending = nil
        return buffer
    }

    /// The central directory and end records.
    mutating func finish() -> ByteBuffer {
        var buffer = ByteBuffer()
        let directoryStart = offset
        for entry in entries {
            let bigSize = entry.size >= Self.limit32
            let bigOffset = entry.offset >= Self.limit32
            var extra = ByteBuffer()
            if bigSize || bigOffset {
                extra.writeInteger(UInt16(0x0001), endianness: .little)
                extra.writeInteger(UInt16((bigSize ? 16 : 0) + (bigOffset ? 8 : 0)), endianness: .little)
                if bigSize {
                    extra.writeInteger(entry.size, endianness: .little)
                    extra.writeInteger(entry.size, endianness: .little)
                }
                if bigOffset { extra.writeInteger(entry.offset, endianness: .little) }
            }
            buffer.writeInteger(UInt32(0x0201_4B50), endianness: .little)
            buffer.writeInteger(UInt16(3 << 8 | 45), endianness: .little)  // made by Unix, 4.5
            buffer.writeInteger(UInt16(bigSize || bigOffset ? 45 : 20), endianness: .little)
            buffer.writeInteger(Self.flags, endianness: .little)
            buffer.writeInteger(UInt16(0), endianness: .little)
            buffer.writeInteger(entry.time, endianness: .little)
            buffer.writeInteger(entry.date, endianness: .little)
            buffer.writeInteger(entry.crc, endianness: .little)
            buffer.writeInteger(UInt32(bigSize ? Self.limit32 : entry.size), endianness: .little)
            buffer.writeInteger(UInt32(bigSize ? Self.limit32 : entry.size), endianness: .little)
            buffer.writeInteger(UInt16(entry.name.count), endianness: .little)
            buffer.writeInteger(UInt16(extra.readableBytes), endianness: .little)
            buffer.writeInteger(UInt16(0), endianness: .little)  // comment
            buffer.writeInteger(UInt16(0), endianness: .little)  // disk
            buffer.writeInteger(UInt16(0), endianness: .little)  // internal attributes
            buffer.writeInteger(UInt32(0o100644) << 16, endianness: .little)
            buffer.writeInteger(UInt32(bigOffset ? Self.limit32 : entry.offset), endianness: .little)
            buffer.writeBytes(entry.name)
            buffer.writeBuffer(&extra)
        }
        let directorySize = UInt64(buffer.readableBytes)
        let count = UInt64(entries.count)
        if count >= 0xFFFF || directorySize >= Self.limit32 || directoryStart >= Self.limit32 {
            let recordOffset = directoryStart + directorySize
            buffer.writeInteger(UInt32(0x0606_4B50), endianness: .little)
            buffer.writeInteger(UInt64(44), endianness: .little)
            buffer.writeInteger(UInt16(3 << 8 | 45), endianness: .little)
            buffer.writeInteger(UInt16(45), endianness: .little)
            buffer.writeInteger(UInt32(0), endianness: .little)
            buffer.writeInteger(UInt32(0), endianness: .little)
            buffer.writeInteger(count, endianness: .little)
            buffer.writeInteger(count, endianness: .little)
            buffer.writeInteger(directorySize, endianness: .little)
            buffer.writeInteger(directoryStart, endianness: .little)
            buffer.writeInteger(UInt32(0x0706_4B50), endianness: .little)
            buffer.writeInteger(UInt32(0), endianness: .little)
            buffer.writeInteger(recordOffset, endianness: .little)
            buffer.writeInteger(UInt32(1), endianness: .little)
        }
        buffer.writeInteger(UInt32(0x0605_4B50), endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)
        buffer.writeInteger(UInt16(min(count, 0xFFFF)), endianness: .little)
        buffer.writeInteger(UInt16(min(count, 0xFFFF)), endianness: .little)
        buffer.writeInteger(UInt32(min(directorySize, Self.limit32)), endianness: .little)
        buffer.writeInteger(UInt32(min(directoryStart, Self.limit32)), endianness: .little)
        buffer.writeInteger(UInt16(0), endianness: .little)
        offset += UInt64(buffer.readableBytes)
        return buffer
    }
}

/// CRC-32 (ISO 3309, as ZIP uses it) with zlib's implementation.
struct CRC32 {
    /// The checksum of the bytes seen so far.
    private(set) var value: UInt32 = 0

    /// Adds bytes.
    mutating func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            value = UInt32(crc32(uLong(value), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
        }
    }
}
