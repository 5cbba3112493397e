import Foundation
import Hummingbird
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves the viewer's static files: SPA fallback to `index.html`, content types, ETag and
/// Last-Modified with 304, single byte ranges, precompressed `.br`/`.gz` siblings, cache
/// headers, generated files (`app-config.js`, the landing page) and a root that no path
/// — encoded, dotted or symlinked — can leave.
public struct ViewerFiles: Sendable {
    /// The directory, resolved (`realpath`), or `nil` when no viewer is installed.
    let root: String?
    /// Public prefixes the viewer build's asset URLs carry (`["ohif"]` for a build made for `/ohif/`).
    let assetPrefixes: [[String]]
    /// Files produced by the gateway, by decoded path (`/app-config.js`).
    let generated: [String: GeneratedFile]
    /// The page served at `/` when there is no viewer directory.
    let landingPage: GeneratedFile
    private let fileIO = FileIO()
    /// Small files' contents, so most asset requests skip the blocking pool.
    let cache = StaticFileCache()

    /// Creates the server.
    /// - Parameters:
    ///   - root: The viewer directory, or `nil`.
    ///   - assetPrefixes: Path prefixes to strip when a file is not found as is.
    ///   - generated: Generated files by path; they win over files on disk.
    ///   - landingPage: The page for `/` when `root` is `nil`.
    /// - Throws: ``GatewayError`` when `root` is given but is not a directory.
    public init(root: String?, assetPrefixes: [String] = [], generated: [String: GeneratedFile], landingPage: GeneratedFile) throws {
        if let root {
            var info = stat()
            guard let resolved = realpath(root, nil).map({ pointer -> String in
                defer { free(pointer) }
                return String(cString: pointer)
            }), stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw GatewayError(.notFound, "viewer root \(root) is not a directory")
            }
            self.root = resolved
        } else {
            self.root = nil
        }
        self.assetPrefixes = assetPrefixes.map { $0.split(separator: "/").map(String.init) }.filter { !$0.isEmpty }
        self.generated = generated
        self.landingPage = landingPage
    }

    /// Answers a request for `path`.
    /// - Throws: ``GatewayError`` 404 or 405.
    public func respond(to request: Request, path: NormalizedPath, context: some RequestContext) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            throw GatewayError(.methodNotAllowed, "static files answer GET and HEAD only")
        }
        if let file = generatedFile(at: path) {
            return Self.serve(file, request: request)
        }
        guard let root else {
            if path.segments.isEmpty || path.path == "/index.html" {
                return Self.serve(landingPage, request: request)
            }
            throw GatewayError(.notFound, "not found")
        }
        guard !path.segments.contains(where: { $0.hasPrefix(".") }) else { throw GatewayError(.notFound, "not found") }
        let file = try resolve(path, root: root)
        return try await serve(file, request: request, context: context)
    }

    /// The generated file at `path`, also under an asset prefix: a build made for `/ohif/`
    /// asks for `/ohif/app-config.js`, and must get the generated one, not the build's own.
    func generatedFile(at path: NormalizedPath) -> GeneratedFile? {
        if let file = generated[path.path] { return file }
        for prefix in assetPrefixes where path.hasPrefix(prefix) {
            if let file = generated["/" + path.segments.dropFirst(prefix.count).joined(separator: "/")] { return file }
        }
        return nil
    }

    /// A regular file found under the root.
    struct FoundFile {
        var path: String
        var name: String
        var size: Int64
        var modified: Int
        var isFallback: Bool
    }

    func resolve(_ path: NormalizedPath, root: String) throws -> FoundFile {
        var attempts = [path.segments]
        for prefix in assetPrefixes where path.hasPrefix(prefix) {
            attempts.append(Array(path.segments.dropFirst(prefix.count)))
        }
        for segments in attempts {
            if let file = lookUp(segments, root: root) { return file }
            if let file = lookUp(segments + ["index.html"], root: root) { return file }
        }
        if let last = path.segments.last, MediaTypes.looksLikeAsset(last) {
            throw GatewayError(.notFound, "not found")
        }
        guard var index = lookUp(["index.html"], root: root) else { throw GatewayError(.notFound, "not found") }
        index.isFallback = true
        return index
    }

    /// The regular file at `segments` below `root`, only if its real path stays inside the root.
    func lookUp(_ segments: [String], root: String) -> FoundFile? {
        guard let name = segments.last, !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.contains("/") }) else {
            return nil
        }
        let candidate = root + "/" + segments.joined(separator: "/")
        guard let resolvedPointer = realpath(candidate, nil) else { return nil }
        let resolved = String(cString: resolvedPointer)
        free(resolvedPointer)
        guard resolved.hasPrefix(root + "/") else { return nil }
        var info = stat()
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
        let modified = Int(info.st_mtimespec.tv_sec)
        #else
        let modified = Int(info.st_mtim.tv_sec)
        #endif
        return FoundFile(path: resolved, name: name, size: Int64(info.st_size), modified: modified, isFallback: false)
    }

    func serve(_ file: FoundFile, request: Request, context: some RequestContext) async throws -> Response {
        let contentType = MediaTypes.type(forFileNamed: file.name)
        let etag = "\"\(String(file.size, radix: 16))-\(String(file.modified, radix: 16))\""
        let lastModified = HTTPDate.format(file.modified)
        var headers: HTTPFields = [
            .contentType: contentType, .eTag: etag, .lastModified: lastModified, .acceptRanges: "bytes",
            .cacheControl: file.isFallback ? FileCachePolicy.revalidate : FileCachePolicy.header(forFileNamed: file.name),
        ]
        let compressible = MediaTypes.isCompressible(contentType)
        if compressible { headers[.vary] = "Accept-Encoding" }
        if Self.notModified(request.headers, etag: etag, lastModified: lastModified) {
            return Response(status: .notModified, headers: headers)
        }
        var served = file
        var range = ByteRange(header: request.headers[.range], size: file.size)
        if let ifRange = request.headers[.ifRange], ifRange != etag { range = .whole }
        if case .whole = range, compressible, let (encoding, sibling) = precompressed(file, accepted: request.headers[.acceptEncoding]) {
            headers[.contentEncoding] = encoding
            served = sibling
        }
        switch range {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(file.size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .partial(let bytes):
            headers[.contentRange] = "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(file.size)"
            headers[.contentLength] = "\(bytes.count)"
            let body = request.method == .head ? ResponseBody() : try await fileIO.loadFile(
                path: served.path, range: Int(bytes.lowerBound)...Int(bytes.upperBound), context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        case .whole:
            headers[.contentLength] = "\(served.size)"
            if request.method == .head || served.size == 0 { return Response(status: .ok, headers: headers) }
            if let contents = try await cachedContents(of: served) {
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: contents))
            }
            return Response(status: .ok, headers: headers, body: try await fileIO.loadFile(path: served.path, context: context))
        }
    }

    /// The contents of a small file from ``cache``, read into it on a miss; `nil` for files
    /// the cache does not take (or that changed while being read), which then stream.
    func cachedContents(of file: FoundFile) async throws -> ByteBuffer? {
        guard cache.admits(size: file.size) else { return nil }
        let key = StaticFileCache.Key(path: file.path, size: file.size, modified: file.modified)
        if let bytes = cache.bytes(for: key) { return bytes }
        let path = file.path
        guard let data = try await NIOThreadPool.singleton.runIfActive({ FileManager.default.contents(atPath: path) }),
              data.count == file.size
        else { return nil }
        let bytes = ByteBuffer(bytes: data)
        cache.store(bytes, for: key)
        return bytes
    }

    /// The `.br` or `.gz` sibling to serve instead of `file`, when the client accepts it.
    func precompressed(_ file: FoundFile, accepted: String?) -> (String, FoundFile)? {
        guard let root, let accepted = accepted?.lowercased() else { return nil }
        let codings = Set(accepted.split(separator: ",").compactMap { item -> String? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first else { return nil }
            if parts.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == "q=0" }) { return nil }
            return name
        })
        let relative = String(file.path.dropFirst(root.count + 1)).split(separator: "/").map(String.init)
        for (coding, suffix) in [("br", ".br"), ("gzip", ".gz")] where codings.contains(coding) {
            var segments = relative
            segments[segments.count - 1] += suffix
            if let sibling = lookUp(segments, root: root) { return (coding, sibling) }
        }
        return nil
    }

    static func serve(_ file: GeneratedFile, request: Request) -> Response {
        var headers: HTTPFields = [.contentType: file.contentType, .eTag: file.etag, .cacheControl: FileCachePolicy.revalidate]
        if notModified(request.headers, etag: file.etag, lastModified: nil) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = "\(file.body.readableBytes)"
        return Response(status: .ok, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: file.body))
    }

    /// RFC 9110 §13.1.2 (weak comparison for If-None-Match) and §13.1.3 (exact-date
    /// If-Modified-Since, as nginx does), If-None-Match taking precedence.
    static func notModified(_ fields: HTTPFields, etag: String, lastModified: String?) -> Bool {
        if let match = fields[.ifNoneMatch] {
            return match.split(separator: ",").contains { tag in
                let trimmed = tag.trimmingCharacters(in: .whitespaces)
                return trimmed == "*" || trimmed == etag || trimmed == "W/" + etag
            }
        }
        if let since = fields[.ifModifiedSince], let lastModified { return since == lastModified }
        return false
    }
}
