import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// gzip for compressible answers (nginx's `gzip on`): text, JSON (incl. DICOM JSON),
/// JavaScript, XML, SVG and WebAssembly, when the client accepts gzip, the answer is not
/// already encoded, not a range and not marked `no-transform`, and not known to be small.
///
/// The body is compressed while it streams (compress-nio over zlib), so a large upstream
/// answer is never collected; `Content-Length` goes, `Vary: Accept-Encoding` is added and a
/// strong `ETag` becomes weak (the bytes differ from the identity encoding's).
struct ResponseCompression: Sendable {
    /// Answers declaring fewer bytes than this are sent as they are.
    let minimumLength: Int
    /// zlib level, 1 (fastest) to 9.
    let level: Int32

    static let compressibleTypes: Set<String> = [
        "application/json", "application/javascript", "application/x-javascript", "application/xml", "application/wasm",
        "application/manifest+json", "image/svg+xml", "application/x-ndjson",
    ]

    /// Whether answers of `contentType` are worth compressing.
    static func isCompressible(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type.hasPrefix("text/") || compressibleTypes.contains(type) || type.hasSuffix("+json") || type.hasSuffix("+xml")
    }

    /// Whether an `Accept-Encoding` header accepts gzip (RFC 9110 §12.5.3; `q=0` refuses).
    static func acceptsGzip(_ fields: HTTPFields) -> Bool {
        var gzip: Bool?
        var wildcard: Bool?
        for value in fields[values: .acceptEncoding] {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let coding = parts.first else { continue }
                let refused = parts.dropFirst().contains { $0.hasPrefix("q=") && (Double($0.dropFirst(2)) ?? 1) == 0 }
                if coding == "gzip" || coding == "x-gzip" { gzip = !refused } else if coding == "*" { wildcard = !refused }
            }
        }
        return gzip ?? wildcard ?? false
    }

    /// Compresses `response` in place when the rules above allow it.
    func apply(_ request: Request, to response: inout Response) {
        let fields = response.headers
        guard request.headers[.acceptEncoding] != nil, Self.acceptsGzip(request.headers),
              request.method != .head, (200..<300).contains(response.status.code), response.status != .noContent,
              response.status != .partialContent, fields[.contentEncoding] == nil, fields[.contentRange] == nil,
              let contentType = fields[.contentType], Self.isCompressible(contentType),
              fields[.cacheControl]?.lowercased().contains("no-transform") != true
        else { return }
        let declared = response.body.contentLength ?? fields[.contentLength].flatMap { Int($0) }
        if let declared, declared < minimumLength { return }
        response.headers[.contentLength] = nil
        response.headers[.contentEncoding] = "gzip"
        response.headers.append(HTTPField(name: .vary, value: "Accept-Encoding"))
        if let etag = fields[.eTag], !etag.hasPrefix("W/") { response.headers[.eTag] = "W/" + etag }
        response.body = Self.gzip(response.body, level: level)
    }

    /// `body`, gzip-compressed as it streams.
    static func gzip(_ body: ResponseBody, level: Int32) -> ResponseBody {
        ResponseBody { writer in
            let compressor = CompressionAlgorithm.gzip(
                configuration: .init(compressionLevel: ZlibConfiguration.CompressionLevel(rawValue: level) ?? .defaultCompressionLevel)
            ).compressor
            compressor.window = ByteBufferAllocator().buffer(capacity: 64 * 1024)
            try compressor.startStream()
            defer { try? compressor.finishStream() }
            try await body.write(CompressingWriter(base: writer, compressor: compressor))
        }
    }
}

/// A body writer that deflates what it is given and passes the compressed bytes on.
private struct CompressingWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let compressor: any NIOCompressor

    mutating func write(_ buffer: ByteBuffer) async throws {
        var input = buffer
        var output: [ByteBuffer] = []
        try input.compressStream(with: compressor, flush: .no) { window in output.append(window) }
        for chunk in output { try await base.write(chunk) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        // Hummingbird bodies call `finish` exactly once, last: flush and write the gzip trailer.
        var input = ByteBuffer()
        var output: [ByteBuffer] = []
        try input.compressStream(with: compressor, flush: .finish) { window in output.append(window) }
        var base = self.base
        for chunk in output { try await base.write(chunk) }
        try await base.finish(trailingHeaders)
    }
}
