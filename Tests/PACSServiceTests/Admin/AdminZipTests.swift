import NIOCore
import Testing
@testable import PACSService

/// The streaming ZIP writer and the archive layout, without a server.
@Suite struct AdminZipTests {
    func archive(_ files: [(String, [UInt8])]) -> [UInt8] {
        var writer = ZipStreamWriter()
        var output = ByteBuffer()
        for (name, data) in files {
            var head = writer.startEntry(name: name, size: UInt64(data.count))
            output.writeBuffer(&head)
            var crc = CRC32()
            let buffer = ByteBuffer(bytes: data)
            crc.update(buffer)
            output.writeBytes(data)
            var tail = writer.finishEntry(crc: crc.value, size: UInt64(data.count))
            output.writeBuffer(&tail)
        }
        var end = writer.finish()
        output.writeBuffer(&end)
        return Array(buffer: output)
    }

    @Test func entriesRoundTripWithTheirChecksums() throws {
        let files = [("a/b/one.dcm", Array("hello".utf8)), ("a/b/empty.dcm", []), ("ä/два.dcm", [UInt8](repeating: 7, count: 70_000))]
        let entries = try ZipReading.entries(archive(files))
        #expect(entries.map(\.name) == files.map(\.0))
        #expect(entries.map(\.data) == files.map(\.1))
    }

    @Test func entriesBeyondFourGigabytesGetZIP64Records() throws {
        var writer = ZipStreamWriter()
        let huge = UInt64(5) << 30
        let head = Array(buffer: writer.startEntry(name: "big.dcm", size: huge))
        #expect(head[4] == 45 && head[26...27] == [7, 0] && head[28...29] == [20, 0])  // version 4.5, ZIP64 extra
        let descriptor = Array(buffer: writer.finishEntry(crc: 0x1234_5678, size: huge))
        #expect(descriptor.count == 24)  // signature, CRC, two 8-byte sizes
        _ = writer.startEntry(name: "small.dcm", size: 3)
        _ = writer.finishEntry(crc: 1, size: 3)
        let end = Array(buffer: writer.finish())
        func contains(_ signature: [UInt8]) -> Bool { end.indices.contains { end[$0...].starts(with: signature) } }
        #expect(contains([0x50, 0x4B, 0x06, 0x06]) && contains([0x50, 0x4B, 0x06, 0x07]))  // ZIP64 end record and locator
        let hugeLittleEndian = (0..<8).map { UInt8(truncatingIfNeeded: huge >> ($0 * 8)) }
        #expect(end.indices.contains { end[$0...].starts(with: [0x01, 0x00, 16, 0] + hugeLittleEndian + hugeLittleEndian) })
        #expect(writer.offset == UInt64(head.count) + huge + 24 + UInt64(30 + 9 + 3 + 16) + UInt64(end.count))
    }

    @Test func folderNamesAreSafeAndUnique() {
        var layout = ArchiveLayout(patientName: "Doe^John", patientID: "../../etc", studyDate: "20240115", studyDescription: "CT/Chest", studyUID: "1.2")
        layout.addSeries(uid: "1", number: "2", modality: "CT", description: "axial")
        layout.addSeries(uid: "2", number: "2", modality: "CT", description: "axial")
        #expect(layout.path(seriesUID: "1", sopInstanceUID: "9") == "Doe^John (.._.._etc)/2024-01-15 CT_Chest/002 CT axial/9.dcm")
        #expect(layout.path(seriesUID: "2", sopInstanceUID: "9").contains("/002 CT axial-2/"))
        #expect(ArchiveLayout.folder("..", fallback: "x") == "x")
        #expect(ArchiveLayout.folder("", fallback: "") == "unnamed")
    }
}
