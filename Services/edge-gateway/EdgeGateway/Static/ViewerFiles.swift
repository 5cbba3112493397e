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
        let answer: StaticAnswer<HTTPFields> = try self.answer(to: path, isHEAD: request.method == .head, request: request.headers)
        let body: ResponseBody
        switch answer.body {
        case .none:
            body = ResponseBody()
        case .bytes(let bytes):
            body = ResponseBody(byteBuffer: bytes)
        case .file(let file):
            if let contents = try await cachedContents(of: file) {
                body = ResponseBody(byteBuffer: contents)
            } else {
                body = try await fileIO.loadFile(path: file.path, context: context)
            }
        case .range(let file, let bytes):
            body = try await fileIO.loadFile(path: file.path, range: Int(bytes.lowerBound)...Int(bytes.upperBound), context: context)
        }
        return Response(status: answer.status, headers: answer.headers, body: body)
    }

    /// The answer to a `GET` (or, when `isHEAD`, a `HEAD`) of `path` with the header fields
    /// `request`, decided with no more I/O than resolving the path (`realpath`, `stat`).
    /// - Throws: ``GatewayError`` 404.
    func answer<Fields: HeaderFieldList>(to path: NormalizedPath, isHEAD: Bool, request: some HeaderFieldList) throws -> StaticAnswer<Fields> {
        if let file = generatedFile(at: path) {
            return StaticAnswer(generated: file, isHEAD: isHEAD, request: request)
        }
        guard let root else {
            if path.segments.isEmpty || path.path == "/index.html" {
                return StaticAnswer(generated: landingPage, isHEAD: isHEAD, request: request)
            }
            throw GatewayError(.notFound, "not found")
        }
        guard !path.segments.contains(where: { $0.hasPrefix(".") }) else { throw GatewayError(.notFound, "not found") }
        let file = try resolve(path, root: root)
        return StaticAnswer(file: file, isHEAD: isHEAD, request: request) { accepted in precompressed(file, accepted: accepted) }
    }

    /// The kept contents of a small file, if ``cache`` has them (no I/O).
    func cachedContentsIfKept(of file: FoundFile) -> ByteBuffer? {
        guard cache.admits(size: file.size) else { return nil }
        return cache.bytes(for: file.cacheKey)
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

        /// This version of the file in ``StaticFileCache``.
        var cacheKey: StaticFileCache.Key {
            StaticFileCache.Key(path: path, size: size, modified: modified)
        }
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

    /// The contents of a small file from ``cache``, read into it on a miss; `nil` for files
    /// the cache does not take (or that changed while being read), which then stream.
    func cachedContents(of file: FoundFile) async throws -> ByteBuffer? {
        guard cache.admits(size: file.size) else { return nil }
        if let bytes = cachedContentsIfKept(of: file) { return bytes }
        let path = file.path
        guard let data = try await NIOThreadPool.singleton.runIfActive({ FileManager.default.contents(atPath: path) }),
              data.count == file.size
        else { return nil }
        let bytes = ByteBuffer(bytes: data)
        cache.store(bytes, for: file.cacheKey)
        return bytes
    }

    /// The `.br` or `.gz` sibling to serve instead of `file`, when the client accepts it.
    /// Only codings the client names count (`*` does not: a sibling is served to clients that
    /// asked for its coding by name).
    func precompressed(_ file: FoundFile, accepted: [String]) -> (coding: String, file: FoundFile)? {
        guard let root else { return nil }
        let relative = String(file.path.dropFirst(root.count + 1)).split(separator: "/").map(String.init)
        let siblings: [(coding: StaticString, suffix: String)] = [("br", ".br"), ("gzip", ".gz")]
        for (coding, suffix) in siblings where ResponseCompression.accepts(coding, honouringWildcard: false, in: accepted) {
            var segments = relative
            segments[segments.count - 1] += suffix
            if let sibling = lookUp(segments, root: root) { return (coding.description, sibling) }
        }
        return nil
    }
}
