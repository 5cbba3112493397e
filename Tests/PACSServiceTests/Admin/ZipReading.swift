import CDICOMZlib
import Foundation

/// Reads a ZIP through its central directory (the way unzip and Python do) and checks each
/// entry's CRC-32, so tests verify what ``ZipStreamWriter`` produced independently of it.
enum ZipReading {
    struct Entry {
        var name: String
        var data: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func entries(_ bytes: [UInt8]) throws -> [Entry] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { u32($0) == 0x0605_4B50 }) else {
            throw Failure(description: "no end of central directory")
        }
        let count = u16(end + 10)
        var position = u32(end + 16)
        var result: [Entry] = []
        for _ in 0..<count {
            guard u32(position) == 0x0201_4B50 else { throw Failure(description: "bad central directory entry") }
            let crc = UInt32(u32(position + 16))
            let size = u32(position + 24)
            let nameLength = u16(position + 28), extraLength = u16(position + 30), commentLength = u16(position + 32)
            let local = u32(position + 42)
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            guard u32(local) == 0x0403_4B50 else { throw Failure(description: "bad local header") }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            let data = Array(bytes[dataStart..<(dataStart + size)])
            let actual = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            guard actual == crc else { throw Failure(description: "CRC mismatch in \(name)") }
            result.append(Entry(name: name, data: data))
            position += 46 + nameLength + extraLength + commentLength
        }
        return result
    }
}
