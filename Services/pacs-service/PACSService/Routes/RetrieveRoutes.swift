import DICOMWeb
import HTTPTypes
import Hummingbird

/// WADO-RS (PS3.18 §10.4): instances of a study, series or instance as multipart/related
/// application/dicom streamed from disk, and their metadata as DICOM JSON from the index.
struct RetrieveRoutes<Context: RequestContext>: Sendable {
    let locator: any InstanceLocating
    let flow: RetrieveFlow
    let baseURL: PublicBaseURL

    /// Adds the routes.
    func register(on router: Router<Context>) {
        router.get("/dicom-web/studies/:study") { request, context in try await retrieve(request, context, scope(context)) }
        router.get("/dicom-web/studies/:study/series/:series") { request, context in try await retrieve(request, context, scope(context)) }
        router.get("/dicom-web/studies/:study/series/:series/instances/:instance") { request, context in
            try await retrieve(request, context, scope(context))
        }
        router.get("/dicom-web/studies/:study/metadata") { request, context in try await metadata(request, context, scope(context)) }
        router.get("/dicom-web/studies/:study/series/:series/metadata") { request, context in try await metadata(request, context, scope(context)) }
        router.get("/dicom-web/studies/:study/series/:series/instances/:instance/metadata") { request, context in
            try await metadata(request, context, scope(context))
        }
    }

    /// The scope named by the path parameters.
    func scope(_ context: Context) throws -> RetrieveScope { try InstanceScope.from(context) }

    func retrieve(_ request: Request, _ context: Context, _ scope: RetrieveScope) async throws -> Response {
        let representation = try RetrieveRepresentation.negotiate(request.headers[.accept])
        let files = try await locator.files(in: scope, logger: context.logger)
        guard !files.isEmpty else { throw PACSError(.notFound, "no such \(scope.instance != nil ? "instance" : scope.series != nil ? "series" : "study")") }
        let syntaxes = try files.map { try representation.outputSyntax(forStored: $0.transferSyntaxUID) }
        let multipart = MultipartWriter()
        let root = baseURL.dicomWeb(for: request)
        var headers = HTTPFields()
        headers[.contentType] = multipart.contentType(type: "application/dicom")
        headers[.cacheControl] = "private, no-cache"
        let etag = ETag.of(files.map(\.sha256) + syntaxes)
        headers[.eTag] = etag
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        let flow = self.flow
        let logger = context.logger
        let body = ResponseBody { writer in
            var multipart = multipart
            for (file, syntax) in zip(files, syntaxes) {
                let location = "\(root)/studies/\(file.studyUID)/series/\(file.seriesUID)/instances/\(file.sopInstanceUID)"
                try await writer.write(multipart.partHeader([
                    ("Content-Type", "application/dicom; transfer-syntax=\(syntax)"), ("Content-Location", location),
                ]))
                do {
                    try await flow.send(file, as: syntax) { try await writer.write($0) }
                } catch {
                    logger.error("instance could not be sent", metadata: ["error": "\(error)"])
                    throw error
                }
            }
            try await writer.write(multipart.closing())
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    func metadata(_ request: Request, _ context: Context, _ scope: RetrieveScope) async throws -> Response {
        try AcceptHeader.requireJSON(request)
        let documents = try await locator.metadata(in: scope, logger: context.logger)
        guard !documents.isEmpty else { throw PACSError(.notFound, "no such \(scope.instance != nil ? "instance" : scope.series != nil ? "series" : "study")") }
        let json = BulkDataURIRewriter(root: baseURL.dicomWeb(for: request)).array(documents)
        return JSONResponse.make(json, for: request, headers: [.cacheControl: "private, no-cache"], etag: true)
    }
}
