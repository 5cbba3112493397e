import Crypto
import Foundation
import Logging
import NIOCore
import PostgresNIO
import PostgresSupport
import Testing
import TestSupport
@testable import PACSService

@Suite struct FileBlobStoreTests {
    func withStore(_ body: (FileBlobStore) async throws -> Void) async throws {
        let root = NSTemporaryDirectory() + "blobs-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await body(try FileBlobStore(root: root))
    }

    @Test func streamsHashesAndCommitsBytesUnchanged() async throws {
        try await withStore { store in
            let bytes = (0..<700_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
            var writer = try store.makeWriter(limit: 1 << 20)
            for start in stride(from: 0, to: bytes.count, by: 65_000) {
                try writer.write(ByteBuffer(bytes: bytes[start..<min(start + 65_000, bytes.count)]))
            }
            let temporary = try writer.finish()
            #expect(temporary.size == bytes.count)
            #expect(temporary.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
            let key = try await store.commit(temporary)
            #expect(!FileManager.default.fileExists(atPath: temporary.path))
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: store.path(of: key)))) == bytes)
            await store.delete([key])
            #expect(!FileManager.default.fileExists(atPath: store.path(of: key)))
        }
    }

    @Test func refusesMoreThanTheLimitAndLeavesNoFile() async throws {
        try await withStore { store in
            var path = ""
            do {
                var writer = try store.makeWriter(limit: 10)
                path = writer.temporaryPath
                #expect(throws: PACSError.self) { try writer.write(ByteBuffer(bytes: Array(repeating: 1, count: 11))) }
            }
            #expect(!path.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func orphanSweepRemovesOnlyOldUnreferencedFiles() async throws {
        try await withStore { store in
            try await TestDatabase.with { database in
                let runtime = DatabaseRuntime(settings: database.settings, schema: pacsSchema, logger: .quiet("orphans"))
                try await runtime.client.running {
                    try await runtime.migrate(try PACSMigrations.load(), logger: .quiet("orphans"))
                    let index = PostgresInstanceIndex(client: runtime.client)
                    var writer = try store.makeWriter(limit: 100)
                    try writer.write(ByteBuffer(string: "orphan"))
                    let orphan = try await store.commit(try writer.finish())
                    var pending = try store.makeWriter(limit: 100)
                    try pending.write(ByteBuffer(string: "partial upload"))
                    let collector = OrphanCollector(blobs: store, index: index, grace: .seconds(60), interval: .zero, logger: .quiet("orphans"))
                    #expect(try await collector.sweep() == 0)
                    #expect(FileManager.default.fileExists(atPath: store.path(of: orphan)))
                    #expect(try await collector.sweep(now: Date().addingTimeInterval(120)) == 2)
                    #expect(!FileManager.default.fileExists(atPath: store.path(of: orphan)))
                    _ = consume pending
                }
            }
        }
    }
}
