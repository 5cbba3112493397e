import Foundation
import HTTPTypes
import NIOCore

/// The viewer's answer to a `GET` or `HEAD`, decided without reading a file's contents: the
/// status, the header fields and where the body comes from. The full path
/// (``ViewerFiles/respond(to:path:context:)``) and the direct path (``DirectProxy``) both
/// start from it, so a file is answered alike whichever path serves it.
struct StaticAnswer<Fields: HeaderFieldList> {
    /// Where the body comes from.
    enum Body {
        /// No body: `HEAD`, 304, 416 or an empty file.
        case none
        /// Bytes already in memory (a generated file).
        case bytes(ByteBuffer)
        /// The whole of a file on disk (or in ``ViewerFiles/cache``).
        case file(ViewerFiles.FoundFile)
        /// Part of a file on disk.
        case range(ViewerFiles.FoundFile, ClosedRange<Int64>)
    }

    var status: HTTPResponse.Status
    var headers: Fields
    var body: Body

    /// The answer for a file found under the root.
    /// - Parameters:
    ///   - file: The file the path resolved to.
    ///   - isHEAD: The request is a `HEAD`.
    ///   - request: The request's header fields (conditions, `Range`, `Accept-Encoding`).
    ///   - precompressed: The `.br`/`.gz` sibling to send instead, given the accepted codings.
    init(
        file: ViewerFiles.FoundFile, isHEAD: Bool, request: some HeaderFieldList,
        precompressed: (_ accepted: [String]) -> (coding: String, file: ViewerFiles.FoundFile)?
    ) {
        let contentType = MediaTypes.type(forFileNamed: file.name)
        let etag = "\"\(String(file.size, radix: 16))-\(String(file.modified, radix: 16))\""
        let lastModified = HTTPDate.format(file.modified)
        headers = Fields()
        headers.reserveCapacity(12)
        headers.append(.contentType, contentType)
        headers.append(.eTag, etag)
        headers.append(.lastModified, lastModified)
        headers.append(.acceptRanges, "bytes")
        headers.append(.cacheControl, file.isFallback ? FileCachePolicy.revalidate : FileCachePolicy.header(forFileNamed: file.name))
        let compressible = MediaTypes.isCompressible(contentType)
        if compressible { headers.append(.vary, "Accept-Encoding") }
        if Self.notModified(request, etag: etag, lastModified: lastModified) {
            (status, body) = (.notModified, .none)
            return
        }
        var range = ByteRange(header: request[first: .range], size: file.size)
        if let ifRange = request[first: .ifRange], ifRange != etag { range = .whole }
        switch range {
        case .unsatisfiable:
            headers.append(.contentRange, "bytes */\(file.size)")
            headers.append(.contentLength, "0")
            (status, body) = (.rangeNotSatisfiable, .none)
        case .partial(let bytes):
            headers.append(.contentRange, "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(file.size)")
            headers.append(.contentLength, "\(bytes.count)")
            (status, body) = (.partialContent, isHEAD ? .none : .range(file, bytes))
        case .whole:
            var served = file
            let accepted = request.values(.acceptEncoding)
            if compressible, !accepted.isEmpty, let sibling = precompressed(accepted) {
                headers.append(.contentEncoding, sibling.coding)
                served = sibling.file
            }
            headers.append(.contentLength, "\(served.size)")
            (status, body) = (.ok, isHEAD || served.size == 0 ? .none : .file(served))
        }
    }

    /// The answer for a file the gateway generated.
    init(generated file: GeneratedFile, isHEAD: Bool, request: some HeaderFieldList) {
        headers = Fields()
        headers.reserveCapacity(8)
        headers.append(.contentType, file.contentType)
        headers.append(.eTag, file.etag)
        headers.append(.cacheControl, FileCachePolicy.revalidate)
        if Self.notModified(request, etag: file.etag, lastModified: nil) {
            (status, body) = (.notModified, .none)
            return
        }
        headers.append(.contentLength, "\(file.body.readableBytes)")
        (status, body) = (.ok, isHEAD ? .none : .bytes(file.body))
    }

    /// RFC 9110 §13.1.2 (weak comparison for If-None-Match, over every field of it) and
    /// §13.1.3 (exact-date If-Modified-Since, as nginx does), If-None-Match taking precedence.
    static func notModified(_ request: some HeaderFieldList, etag: String, lastModified: String?) -> Bool {
        let matches = request.values(.ifNoneMatch)
        if !matches.isEmpty {
            var etag = etag
            return etag.withUTF8 { etag in
                matches.contains { field in
                    var matched = false
                    HeaderValueList.forEachElement(of: field) { tag in
                        // Weak comparison: `W/` is ignored on either side.
                        let opaque = tag.starts(with: "W/".utf8) ? tag.dropFirst(2) : tag
                        matched = matched || tag.elementsEqual("*".utf8) || opaque.elementsEqual(etag)
                    }
                    return matched
                }
            }
        }
        if let since = request[first: .ifModifiedSince], let lastModified { return since == lastModified }
        return false
    }
}
