import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import CompressNIO
import ServiceSupport
@testable import EdgeGateway

/// gzip of compressible answers and per-route CORS, through a live gateway.
@Suite struct CompressionAndCORSTests {
    @Test func acceptEncodingIsParsed() {
        #expect(ResponseCompression.acceptsGzip([.acceptEncoding: "gzip, deflate, br"] as HTTPFields))
        #expect(ResponseCompression.acceptsGzip([.acceptEncoding: "br;q=1.0, *;q=0.5"] as HTTPFields))
        #expect(!ResponseCompression.acceptsGzip([.acceptEncoding: "gzip;q=0, *"] as HTTPFields))
        #expect(!ResponseCompression.acceptsGzip([.acceptEncoding: "identity"] as HTTPFields))
        #expect(!ResponseCompression.acceptsGzip(HTTPFields()))
        #expect(ResponseCompression.isCompressible("application/dicom+json; charset=utf-8"))
        #expect(ResponseCompression.isCompressible("text/html"))
        #expect(!ResponseCompression.isCompressible("application/dicom"))
        #expect(!ResponseCompression.isCompressible("multipart/related; type=\"application/dicom\""))
        // Case, optional whitespace (SP and HTAB), empty elements, weights and several fields.
        #expect(ResponseCompression.acceptsGzip([.acceptEncoding: " ,\tGZip ;Q=1 ,,"] as HTTPFields))
        #expect(ResponseCompression.acceptsGzip([.acceptEncoding: "x-gzip"] as HTTPFields))
        #expect(ResponseCompression.acceptsGzip([.acceptEncoding: "gzip;q=0.001"] as HTTPFields))
        #expect(!ResponseCompression.acceptsGzip([.acceptEncoding: "gzip; q=0.000, br"] as HTTPFields))
        #expect(!ResponseCompression.acceptsGzip([.acceptEncoding: "*;q=0"] as HTTPFields))
        #expect(!ResponseCompression.acceptsGzip([.acceptEncoding: "gzipx, xgzip, gzi"] as HTTPFields))
        #expect(!ResponseCompression.acceptsGzip([.acceptEncoding: " ; gzip"] as HTTPFields))
        var fields = HTTPFields()
        fields.append(HTTPField(name: .acceptEncoding, value: "br"))
        fields.append(HTTPField(name: .acceptEncoding, value: "gzip"))
        #expect(ResponseCompression.acceptsGzip(fields))
        #expect(ResponseCompression.isCompressible(" Text/HTML ;charset=utf-8"))
        #expect(ResponseCompression.isCompressible("\tAPPLICATION/JSON"))
        #expect(!ResponseCompression.isCompressible(""))
        #expect(!ResponseCompression.isCompressible(";text/html"))
    }

    @Test func compressibleAnswersAreGzipped() async throws {
        let harness = try await GatewayHarness.make()
        let token = try await harness.token()
        try await harness.run(environment: ["GATEWAY_GZIP_MIN_LENGTH": "0"]) { client in
            let plain = try await client.execute(uri: "/app-config.js", method: .get)
            try await client.execute(uri: "/app-config.js", method: .get, headers: [.acceptEncoding: "gzip"]) { response throws in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.vary]?.contains("Accept-Encoding") == true)
                #expect(response.headers[.eTag]?.hasPrefix("W/") == true)
                #expect(try gunzip(response.body) == Data(plain.body.readableBytesView))
            }
            try await client.execute(
                uri: "/pacs/studies", method: .get, headers: [.authorization: "Bearer \(token)", .acceptEncoding: "gzip"]
            ) { response throws in
                #expect(response.headers[.contentEncoding] == "gzip")
                let echo = try JSONDecoder().decode(Echo.self, from: try gunzip(response.body))
                #expect(echo.target == "/studies")
            }
            try await client.execute(uri: "/app-config.js", method: .head, headers: [.acceptEncoding: "gzip"]) { response throws in
                #expect(response.headers[.contentEncoding] == nil)
            }
        }
    }

    @Test func smallAnswersStayPlain() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: ["GATEWAY_GZIP_MIN_LENGTH": "1m"]) { client in
            try await client.execute(uri: "/app-config.js", method: .get, headers: [.acceptEncoding: "gzip"]) { response throws in
                #expect(response.headers[.contentEncoding] == nil)
            }
        }
    }

    @Test func corsIsAnsweredPerRoute() async throws {
        let harness = try await GatewayHarness.make()
        let token = try await harness.token()
        let origin = "https://viewer.example.org"
        try await harness.run(environment: ["GATEWAY_PACS_CORS_ORIGINS": origin]) { client in
            let preflight: HTTPFields = [.origin: origin, .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "authorization"]
            try await client.execute(uri: "/pacs/studies", method: .options, headers: preflight) { response throws in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == origin)
                #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            }
            try await client.execute(uri: "/pacs/studies", method: .get, headers: [.origin: origin]) { response throws in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.accessControlAllowOrigin] == origin)
            }
            try await client.execute(uri: "/pacs/studies", method: .get, headers: [.origin: origin, .authorization: "Bearer \(token)"]) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == origin)
                #expect(response.headers[.accessControlExposeHeaders]?.contains("Location") == true)
            }
            try await client.execute(uri: "/pacs/studies", method: .get, headers: [.origin: "https://evil.example", .authorization: "Bearer \(token)"]) { response throws in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            // Routes without a policy pass the upstream's answer through (the echo upstream sets none).
            try await client.execute(uri: "/auth/realms/test/account", method: .options, headers: preflight) { response throws in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test func corsOriginsAreValidated() throws {
        let config = ConfigValues(environment: ["GATEWAY_PACS_CORS_ORIGINS": "https://viewer.example.org/path"])
        #expect(throws: ConfigurationError.self) {
            try GatewayConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 0))
        }
    }
}

/// Inflates a gzip body.
func gunzip(_ buffer: ByteBuffer) throws -> Data {
    var input = buffer
    return Data(try input.decompress(with: .gzip()).readableBytesView)
}
