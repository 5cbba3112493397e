import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import EdgeGateway

/// The in-memory contents of small viewer files.
@Suite struct StaticFileCacheTests {
    static func key(_ path: String, size: Int, modified: Int = 1) -> StaticFileCache.Key {
        StaticFileCache.Key(path: path, size: Int64(size), modified: modified)
    }

    @Test func keepsSmallFilesWithinItsCapacityLeastRecentlyUsedOutFirst() {
        let cache = StaticFileCache(maximumFileSize: 100, capacity: 250)
        let a = Self.key("/a", size: 100), b = Self.key("/b", size: 100), c = Self.key("/c", size: 100)
        cache.store(ByteBuffer(repeating: 1, count: 100), for: a)
        cache.store(ByteBuffer(repeating: 2, count: 100), for: b)
        #expect(cache.bytes(for: a)?.readableBytes == 100)  // `a` is now the most recently used
        cache.store(ByteBuffer(repeating: 3, count: 100), for: c)
        #expect(cache.bytes(for: b) == nil)
        #expect(cache.bytes(for: a) != nil && cache.bytes(for: c) != nil)
        #expect(cache.totalBytes == 200)
        cache.store(ByteBuffer(repeating: 4, count: 101), for: Self.key("/big", size: 101))
        #expect(cache.bytes(for: Self.key("/big", size: 101)) == nil)
        #expect(!cache.admits(size: 0) && !cache.admits(size: 101) && cache.admits(size: 100))
    }

    @Test func aFileChangedOnDiskIsReadAgain() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("viewer-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("app.js")
        try Data("first version".utf8).write(to: file)
        let page = GeneratedFile(contentType: "text/html", text: "landing")
        let viewer = try ViewerFiles(root: root.path, generated: [:], landingPage: page)
        let router = Router()
        router.get("**") { request, context in
            try await viewer.respond(to: request, path: try NormalizedPath(target: request.uri.description), context: context)
        }
        try await Application(router: router).test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/app.js", method: .get) { response throws in
                    #expect(String(buffer: response.body) == "first version")
                }
            }
            #expect(viewer.cache.totalBytes == "first version".utf8.count)
            try Data("second, longer version".utf8).write(to: file)
            try await client.execute(uri: "/app.js", method: .get) { response throws in
                #expect(String(buffer: response.body) == "second, longer version")
                #expect(response.headers[.contentLength] == "22")
            }
        }
    }
}
