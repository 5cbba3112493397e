import HTTPTypes
import Hummingbird

/// QIDO-RS (PS3.18 §10.6) at every level: `/studies`, `/series`, `/instances` and their
/// study- and series-scoped forms. Answers application/dicom+json; 204 when nothing matches.
struct SearchRoutes<Context: RequestContext>: Sendable {
    let index: any StudySearching
    let baseURL: PublicBaseURL
    let defaultLimit: Int
    let maxLimit: Int

    /// Adds the routes.
    func register(on router: Router<Context>) {
        router.get("/dicom-web/studies") { request, context in try await search(request, context, .study) }
        router.get("/dicom-web/series") { request, context in try await search(request, context, .series) }
        router.get("/dicom-web/instances") { request, context in try await search(request, context, .instance) }
        router.get("/dicom-web/studies/:study/series") { request, context in
            try await search(request, context, .series, study: try StudyPath.uid(context.parameters.get("study")))
        }
        router.get("/dicom-web/studies/:study/instances") { request, context in
            try await search(request, context, .instance, study: try StudyPath.uid(context.parameters.get("study")))
        }
        router.get("/dicom-web/studies/:study/series/:series/instances") { request, context in
            try await search(request, context, .instance, study: try StudyPath.uid(context.parameters.get("study")),
                             series: try StudyPath.uid(context.parameters.get("series"), name: "series"))
        }
    }

    func search(_ request: Request, _ context: Context, _ level: QIDOQuery.Level, study: DICOMUID? = nil, series: DICOMUID? = nil) async throws -> Response {
        try AcceptHeader.requireJSON(request)
        let query = try QIDOQuery(level: level, study: study, series: series, parameters: try QueryString.parse(request.uri.query),
                                  defaultLimit: defaultLimit, maxLimit: maxLimit)
        let root = baseURL.dicomWeb(for: request)
        let page = try await index.search(query, root: root, logger: context.logger)
        var headers = HTTPFields()
        var warnings: [String] = []
        if page.hasMore || query.limitLowered {
            warnings.append("299 \(root): There are additional results that can be requested.")
        }
        if query.emptyValueMatchingRequested {
            warnings.append("299 \(root): The emptyvaluematching parameter is not supported. Empty Value Matching has not been performed.")
        }
        for warning in warnings { headers.append(HTTPField(name: .warning, value: warning)) }
        headers[.cacheControl] = "no-cache"
        if page.objects.isEmpty { return Response(status: .noContent, headers: headers) }
        var body = ByteBuffer()
        body.reserveCapacity(page.objects.reduce(2) { $0 + $1.utf8.count + 1 })
        body.writeStaticString("[")
        for (position, object) in page.objects.enumerated() {
            if position > 0 { body.writeStaticString(",") }
            body.writeString(object)
        }
        body.writeStaticString("]")
        return JSONResponse.make(body, for: request, headers: headers)
    }
}
