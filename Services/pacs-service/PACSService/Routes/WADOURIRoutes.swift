import HTTPTypes
import Hummingbird

/// WADO-URI (PS3.18 §9): `GET /wado?requestType=WADO&studyUID=…&seriesUID=…&objectUID=…`
/// answering one instance as `application/dicom` (the default content type).
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
        let wanted = parameters["contentType"].flatMap(HeaderMediaType.init)?.essence ?? "application/dicom"
        guard wanted == "application/dicom" || wanted == "*/*" else {
            throw PACSError(.notAcceptable, "contentType \(wanted) is not available yet; use application/dicom")
        }
        guard let file = try await locator.files(in: RetrieveScope(study: study, series: series, instance: object), logger: context.logger).first else {
            throw PACSError(.notFound, "no such instance")
        }
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
}
