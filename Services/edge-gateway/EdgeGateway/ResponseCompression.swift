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
        var contentType = contentType
        let type = contentType.withUTF8 { bytes in
            let mediaType = HeaderValueList.trimmed(bytes[..<(bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex)])
            return HeaderName.lowercased(String(decoding: mediaType, as: UTF8.self))
        }
        return type.hasPrefix("text/") || compressibleTypes.contains(type) || type.hasSuffix("+json") || type.hasSuffix("+xml")
    }

    /// Whether an `Accept-Encoding` header accepts gzip (RFC 9110 §12.5.3; `q=0` refuses).
    static func acceptsGzip(_ fields: some HeaderFieldList) -> Bool {
        accepts("gzip", alias: "x-gzip", honouringWildcard: true, in: fields.values(.acceptEncoding))
    }

    /// Whether the `Accept-Encoding` field values accept `coding` (or its `alias`): named
    /// without `q=0`, or — when `honouringWildcard` and not named — `*` without `q=0`.
    static func accepts(_ coding: StaticString, alias: StaticString? = nil, honouringWildcard: Bool, in values: [String]) -> Bool {
        var named: Bool?
        var wildcard: Bool?
        for value in values {
            HeaderValueList.forEachElement(of: value) { item in
                var name: HeaderValueList.Bytes?
                var refused = false
                HeaderValueList.forEachElement(of: item, separator: UInt8(ascii: ";"), skippingEmpty: false) { part in
                    if name == nil { name = part } else if isZeroQuality(part) { refused = true }
                }
                guard let name else { return }
                if HeaderValueList.equals(name, lowercased: coding) || alias.map({ HeaderValueList.equals(name, lowercased: $0) }) == true {
                    named = !refused
                } else if HeaderValueList.equals(name, lowercased: "*") {
                    wildcard = !refused
                }
            }
        }
        return named ?? (honouringWildcard ? wildcard : nil) ?? false
    }

    /// Whether a coding's parameter is a weight of zero (`q=0`, `q=0.000`: "not acceptable").
    private static func isZeroQuality(_ parameter: HeaderValueList.Bytes) -> Bool {
        guard parameter.count > 2, HeaderName.lowered(parameter[parameter.startIndex]) == UInt8(ascii: "q"),
              parameter[parameter.startIndex + 1] == UInt8(ascii: "=")
        else { return false }
        return Double(String(decoding: parameter.dropFirst(2), as: UTF8.self)) == 0
    }

    /// Compresses `response` in place when the rules above allow it.
    func apply(_ request: Request, to response: inout Response) {
        let declared = response.body.contentLength ?? response.headers[.contentLength].flatMap { Int($0) }
        guard shouldCompress(
            request: request.headers, isHEAD: request.method == .head, status: response.status.code, response: response.headers, declaredLength: declared)
        else { return }
        Self.markCompressed(&response.headers)
        response.body = gzip(response.body)
    }

    /// Whether an answer with `status` and `fields` to a request with `request` header fields
    /// (a `HEAD` request when `isHEAD`) is compressed: the client accepts gzip, the answer is a
    /// complete 2xx of a compressible type, not already encoded, not `no-transform`, not known
    /// to be small.
    func shouldCompress(
        request: some HeaderFieldList, isHEAD: Bool, status: Int, response fields: some HeaderFieldList, declaredLength: Int?
    ) -> Bool {
        guard request[first: .acceptEncoding] != nil, Self.acceptsGzip(request),
              !isHEAD, (200..<300).contains(status), status != 204, status != 206,
              fields[first: .contentEncoding] == nil, fields[first: .contentRange] == nil,
              let contentType = fields[first: .contentType], Self.isCompressible(contentType),
              fields[first: .cacheControl]?.lowercased().contains("no-transform") != true
        else { return false }
        if let declaredLength, declaredLength < minimumLength { return false }
        return true
    }

    /// The header changes of a gzip-encoded answer: no `Content-Length`, `Content-Encoding`
    /// and `Vary` (unless it names `Accept-Encoding` already), a strong `ETag` made weak.
    static func markCompressed(_ fields: inout some HeaderFieldList) {
        fields[first: .contentLength] = nil
        fields[first: .contentEncoding] = "gzip"
        if !fields.values(.vary).contains(where: { $0.lowercased().contains("accept-encoding") }) {
            fields.append(.vary, "Accept-Encoding")
        }
        if let etag = fields[first: .eTag], !etag.hasPrefix("W/") { fields[first: .eTag] = "W/" + etag }
    }

    /// A new gzip stream at this level.
    func stream() throws -> GzipStream {
        try GzipStream(level: level)
    }

    /// `body`, gzip-compressed as it streams.
    func gzip(_ body: ResponseBody) -> ResponseBody {
        ResponseBody { [level] writer in
            let stream = try GzipStream(level: level)
            try await body.write(CompressingWriter(base: writer, stream: stream))
        }
    }
}

/// One gzip member being written: chunks go in, compressed chunks come out.
final class GzipStream {
    private let compressor: any NIOCompressor
    private var finished = false

    init(level: Int32) throws {
        compressor = CompressionAlgorithm.gzip(
            configuration: .init(compressionLevel: ZlibConfiguration.CompressionLevel(rawValue: level) ?? .defaultCompressionLevel)
        ).compressor
        compressor.window = ByteBufferAllocator().buffer(capacity: 64 * 1024)
        try compressor.startStream()
    }

    /// Compresses `buffer`; `finish` ends the stream (flushes and writes the gzip trailer).
    /// - Returns: The compressed bytes ready so far (often none for small inputs).
    func compress(_ buffer: ByteBuffer, finish: Bool = false) throws -> [ByteBuffer] {
        var input = buffer
        var output: [ByteBuffer] = []
        try input.compressStream(with: compressor, flush: finish ? .finish : .no) { window in output.append(window) }
        if finish { end() }
        return output
    }

    private func end() {
        guard !finished else { return }
        finished = true
        try? compressor.finishStream()
    }

    deinit {
        end()
    }
}

/// A body writer that deflates what it is given and passes the compressed bytes on.
private struct CompressingWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let stream: GzipStream

    mutating func write(_ buffer: ByteBuffer) async throws {
        for chunk in try stream.compress(buffer) { try await base.write(chunk) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        // Hummingbird bodies call `finish` exactly once, last.
        var base = self.base
        for chunk in try stream.compress(ByteBuffer(), finish: true) { try await base.write(chunk) }
        try await base.finish(trailingHeaders)
    }
}
