import HTTPTypes
import Hummingbird
import NIOCore

/// Builds DICOM JSON answers: gzip when the client accepts it, ETag, and 304 for a matching
/// `If-None-Match`.
enum JSONResponse {
    /// A 200 answer for a complete JSON body.
    /// - Parameters:
    ///   - body: The JSON.
    ///   - request: The request (for Accept-Encoding and If-None-Match).
    ///   - headers: Extra headers.
    ///   - etag: Whether to add an ETag computed from the body.
    static func make(_ body: ByteBuffer, for request: Request, headers extra: HTTPFields = [:], etag: Bool = false) -> Response {
        var headers = extra
        headers[.contentType] = "application/dicom+json"
        headers[.vary] = "Accept-Encoding"
        if etag {
            let tag = ETag.of(body)
            headers[.eTag] = tag
            if request.headers[.ifNoneMatch] == tag { return Response(status: .notModified, headers: headers) }
        }
        if body.readableBytes >= GzipEncoder.minimumSize, GzipEncoder.accepts(request.headers[.acceptEncoding]),
           let compressed = GzipEncoder.compress(body) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: compressed))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
