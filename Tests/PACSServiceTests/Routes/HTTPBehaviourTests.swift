import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ServiceSupport
import Testing
@testable import PACSService

@Suite struct HTTPBehaviourTests {
    @Test func corsAllowsOnlyConfiguredOrigins() async throws {
        try await TestArchive.with(["PACS_CORS_ORIGINS": "https://viewer.example.org"]) { client, _ in
            let preflight: HTTPFields = [.origin: "https://viewer.example.org", .accessControlRequestMethod: "GET"]
            try await client.execute(uri: "/dicom-web/studies", method: .options, headers: preflight) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "https://viewer.example.org")
                #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            }
            try await client.execute(uri: "/dicom-web/studies", method: .get, headers: [.origin: "https://evil.example"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(uri: "/dicom-web/studies", method: .get, headers: [.origin: "https://viewer.example.org"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == "https://viewer.example.org")
                #expect(response.headers[.accessControlExposeHeaders]?.contains("Warning") == true)
            }
        }
    }

    @Test func jsonIsGzippedWhenAsked() async throws {
        try await TestArchive.with { client, _ in
            let instances = try (1...8).map { try TestInstance().instance($0).bytes() }
            let body = MultipartBody(instances)
            try await client.execute(uri: "/dicom-web/studies", method: .post, headers: [.contentType: body.contentType], body: ByteBuffer(bytes: body.bytes)) {
                #expect($0.status == .ok)
            }
            let uri = "/dicom-web/studies/\(TestInstance().studyUID)/metadata"
            let plain = try await client.execute(uri: uri, method: .get) { Array(buffer: $0.body) }
            try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip, deflate, br"]) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.body.readableBytes < plain.count)
                let unzipped = try Gunzip.decompress(Array(buffer: response.body))
                #expect(unzipped == plain)
            }
            try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip;q=0"]) { response in
                #expect(response.headers[.contentEncoding] == nil)
            }
        }
    }

    @Test func configurationRejectsBadValues() {
        for (key, value) in [("PACS_DUPLICATE_POLICY", "overwrite"), ("PACS_CORS_ORIGINS", "viewer.example.org"), ("PACS_MAX_INSTANCE_SIZE", "0")] {
            let config = ConfigValues(environment: ["DATABASE_URL": "postgres://u:p@localhost/db", key: value])
            #expect(throws: (any Error).self, "\(key)") {
                _ = try PACSConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 8042))
            }
        }
    }
}
