import HTTPTypes
import Hummingbird
import NIOCore

/// WADO-URI (PS3.18 §9): `GET /wado?requestType=WADO&studyUID=…&seriesUID=…&objectUID=…`
/// answering one instance as `application/dicom` (the default content type) or rendered as
/// `image/jpeg` / `image/png` (`frameNumber`, `windowCenter`/`windowWidth`, `rows`/`columns`,
/// `imageQuality`).
struct WADOURIRoutes<Context: RequestContext>: Sendable {
    let locator: any InstanceLocating
    let flow: RetrieveFlow

    /// Adds the route.
    func register(on router: Router<Context>) {
        router.get("/wado") { request, context in try await wado(request, context) }
    }

    func wado(_ request: Request, _ context: Context) async throws -> Response {
        var parameters: [String: String] = [:]
        for (name, value) in try QueryString.parse(request.uri.query) { parameters[name] = value }
        guard parameters["requestType"] == "WADO" else { throw PACSError(.badRequest, "requestType must be WADO") }
        let study = try StudyPath.uid(parameters["studyUID"], name: "studyUID")
        let series = try StudyPath.uid(parameters["seriesUID"], name: "seriesUID")
        let object = try StudyPath.uid(parameters["objectUID"], name: "objectUID")
        let wanted = try Self.contentType(parameters["contentType"])
        guard let file = try await locator.files(in: RetrieveScope(study: study, series: series, instance: object), logger: context.logger).first else {
            throw PACSError(.notFound, "no such instance")
        }
        if wanted != "application/dicom" { return try await rendered(file, as: wanted, parameters) }
        let syntax = try parameters["transferSyntax"].map { try RetrieveRepresentation.transferSyntax($0).outputSyntax(forStored: file.transferSyntaxUID) }
            ?? file.transferSyntaxUID
        var headers = HTTPFields()
        headers[.contentType] = "application/dicom"
        headers[.contentDisposition] = "attachment; filename=\"\(object).dcm\""
        headers[.eTag] = ETag.of([file.sha256, syntax])
        headers[.cacheControl] = "private, no-cache"
        let flow = self.flow
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: syntax == file.transferSyntaxUID ? file.size : nil) { writer in
            try await flow.send(file, as: syntax) { try await writer.write($0) }
            try await writer.finish(nil)
        })
    }

    /// The first content type of the `contentType` list we can produce (PS3.18 §9.1.2.1.4).
    static func contentType(_ list: String?) throws -> String {
        guard let list else { return "application/dicom" }
        for item in list.split(separator: ",") {
            switch HeaderMediaType(item)?.essence {
            case "application/dicom", "*/*": return "application/dicom"
            case "image/jpeg", "image/*": return "image/jpeg"
            case "image/png": return "image/png"
            default: continue
            }
        }
        throw PACSError(.notAcceptable, "contentType must be application/dicom, image/jpeg or image/png")
    }

    /// A rendered frame (PS3.18 §9.1.2.3 image parameters mapped onto the rendered ones).
    func rendered(_ file: StoredFile, as type: String, _ parameters: [String: String]) async throws -> Response {
        var query: [(name: String, value: String)] = []
        if let center = parameters["windowCenter"], let width = parameters["windowWidth"] { query.append(("window", "\(center),\(width)")) }
        if let quality = parameters["imageQuality"] { query.append(("quality", quality)) }
        if parameters["rows"] != nil || parameters["columns"] != nil {
            query.append(("viewport", "\(parameters["columns"] ?? "8192"),\(parameters["rows"] ?? "8192")"))
        }
        let render = try RenderParameters(query: query, accept: type)
        guard let frame = Int(parameters["frameNumber"] ?? "1"), frame >= 1 else { throw PACSError(.badRequest, "frameNumber must be a positive integer") }
        let image = try await InstanceLoader.render(flow.blobs.path(of: file.blobKey), frame: frame - 1, parameters: render)
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "private, max-age=3600"
        headers[.eTag] = ETag.of([file.sha256, String(frame), type] + query.map { "\($0.name)=\($0.value)" })
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: image)))
    }
}
