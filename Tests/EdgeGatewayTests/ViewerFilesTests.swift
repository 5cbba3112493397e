@testable import TokenTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import EdgeGateway

/// Static viewer hosting through the whole gateway.
@Suite struct ViewerFilesTests {
    /// A viewer build in a temporary directory, plus a secret file beside it.
    static func makeViewer() throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("viewer-\(UUID().uuidString)")
        let root = base.appendingPathComponent("www")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("assets"), withIntermediateDirectories: true)
        func write(_ path: String, _ text: String, in directory: URL = root) throws {
            try Data(text.utf8).write(to: directory.appendingPathComponent(path))
        }
        try write("index.html", "<!doctype html><title>OHIF</title>")
        try write("app-config.js", "window.config = { routerBasename: '/ohif/' };")
        try write("assets/app.3f2a9c1b8d.js", "console.log('app')")
        try write("assets/style.css", String(repeating: "body{color:red}", count: 10))
        try write("assets/style.css.gz", "pretend-gzip")
        try write("assets/style.css.br", "pretend-brotli")
        try write("assets/codec.wasm", "\u{0}asm")
        try write("assets/range.txt", "0123456789")
        try write(".env", "SECRET=1")
        try write("secret.txt", "outside", in: base)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("escape.txt"), withDestinationURL: base.appendingPathComponent("secret.txt"))
        return root
    }

    func withViewer(_ environment: [String: String] = [:], _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let root = try Self.makeViewer()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: ["GATEWAY_VIEWER_ROOT": root.path].merging(environment) { _, new in new }) { client in
            try await body(client)
        }
    }

    @Test func servesFilesWithTypesAndCacheHeaders() async throws {
        try await withViewer { client in
            try await client.execute(uri: "/", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("OHIF"))
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            try await client.execute(uri: "/assets/app.3f2a9c1b8d.js", method: .get) { response throws in
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            try await client.execute(uri: "/assets/codec.wasm", method: .get) { response throws in
                #expect(response.headers[.contentType] == "application/wasm")
            }
        }
    }

    @Test func spaRoutesFallBackButMissingAssetsAre404() async throws {
        try await withViewer { client in
            try await client.execute(uri: "/viewer?StudyInstanceUIDs=1.2.3", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("OHIF"))
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            try await client.execute(uri: "/assets/missing.js", method: .get) { response throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func conditionalRequestsAnswer304() async throws {
        try await withViewer { client in
            let (etag, modified) = try await client.execute(uri: "/assets/range.txt", method: .get) { response throws in
                (try #require(response.headers[.eTag]), try #require(response.headers[.lastModified]))
            }
            try await client.execute(uri: "/assets/range.txt", method: .get, headers: [.ifNoneMatch: etag]) { response throws in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/assets/range.txt", method: .get, headers: [.ifModifiedSince: modified]) { response throws in
                #expect(response.status == .notModified)
            }
        }
    }

    @Test func rangesArePartialContent() async throws {
        try await withViewer { client in
            try await client.execute(uri: "/assets/range.txt", method: .get, headers: [.range: "bytes=2-5"]) { response throws in
                #expect(response.status == .partialContent)
                #expect(String(buffer: response.body) == "2345")
                #expect(response.headers[.contentRange] == "bytes 2-5/10")
            }
            try await client.execute(uri: "/assets/range.txt", method: .get, headers: [.range: "bytes=50-"]) { response throws in
                #expect(response.status == .rangeNotSatisfiable)
            }
        }
    }

    /// The first answer comes from the full path (which keeps the file), the second from the
    /// direct path: both alike, gzipped on the fly and naming `Accept-Encoding` in `Vary` once.
    @Test func filesWithoutSiblingsAreGzippedOnTheFlyOnBothPaths() async throws {
        try await withViewer(["GATEWAY_GZIP_MIN_LENGTH": "0"]) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/assets/app.3f2a9c1b8d.js", method: .get, headers: [.acceptEncoding: "gzip"]) { response throws in
                    #expect(response.headers[.contentEncoding] == "gzip")
                    #expect(response.headers[values: .vary] == ["Accept-Encoding"])
                    #expect(response.headers[.eTag]?.hasPrefix("W/\"") == true)
                    #expect(try gunzip(response.body) == Data("console.log('app')".utf8))
                }
            }
        }
    }

    @Test func precompressedSiblingsAreServedWhenAccepted() async throws {
        try await withViewer { client in
            try await client.execute(uri: "/assets/style.css", method: .get, headers: [.acceptEncoding: "gzip, deflate, br"]) { response throws in
                #expect(response.headers[.contentEncoding] == "br")
                #expect(String(buffer: response.body) == "pretend-brotli")
                #expect(response.headers[.vary] == "Accept-Encoding")
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
            }
            try await client.execute(uri: "/assets/style.css", method: .get, headers: [.acceptEncoding: "gzip"]) { response throws in
                #expect(response.headers[.contentEncoding] == "gzip")
            }
            try await client.execute(uri: "/assets/style.css", method: .get) { response throws in
                #expect(response.headers[.contentEncoding] == nil)
                #expect(String(buffer: response.body).hasPrefix("body{"))
            }
        }
    }

    @Test(arguments: ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/escape.txt", "/.env", "/%2eenv"])
    func nothingOutsideTheRootOrHiddenIsServed(target: String) async throws {
        try await withViewer { client in
            try await client.execute(uri: target, method: .get) { response throws in
                #expect(!String(buffer: response.body).contains("outside"))
                #expect(!String(buffer: response.body).contains("SECRET"))
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func assetsBuiltForAnotherBasePathAreFound() async throws {
        try await withViewer(["GATEWAY_VIEWER_ASSET_PREFIXES": "/ohif"]) { client in
            try await client.execute(uri: "/ohif/assets/app.3f2a9c1b8d.js", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "console.log('app')")
            }
            try await client.execute(uri: "/ohif/app-config.js", method: .get) { response throws in
                #expect(String(buffer: response.body).hasPrefix("/* Generated"), "the build's own app-config.js must not win")
            }
        }
    }

    @Test func generatedAppConfigPointsAtTheStack() async throws {
        try await withViewer { client in
            try await client.execute(uri: "/app-config.js", method: .get) { response throws in
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("/* Generated"))
                #expect(text.contains(#""authority" : "http://gateway.test/auth/realms/test""#))
                #expect(text.contains(#""qidoRoot" : "http://gateway.test/pacs/dicom-web""#))
                #expect(text.contains(#""post_logout_redirect_uri" : "/logout-redirect.html""#))
                #expect(text.contains(#""client_id" : "ohif-viewer""#))
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            try await client.execute(uri: "/logout-redirect.html", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("signed out"))
            }
        }
    }

    @Test func withoutAViewerALandingPageIsShown() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run { client in
            try await client.execute(uri: "/", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("/pacs-admin/"))
            }
            try await client.execute(uri: "/anything.js", method: .get) { response throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/", method: .post) { response throws in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }
}
