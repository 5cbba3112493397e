import HTTPTypes
import Hummingbird
import ServiceSupport

/// The archive's web UI under `/admin` (the gateway's `/pacs-admin`): server-rendered pages
/// for studies, series, instances, upload and statistics, plus the few endpoints the pages'
/// scripts call. Every request passes ``AuthorizationMiddleware`` like the DICOMweb API:
/// pages and downloads need `pacs-read`, uploads `pacs-write`, deletes `pacs-admin`.
///
/// State-changing requests (STOW upload, DELETE) are only accepted from the UI's own scripts:
/// they must carry `X-Requested-With: tessera-admin` (a header no cross-site form can send and
/// that makes any cross-origin fetch need a CORS preflight, which `/admin` never grants) and
/// must not be marked `Sec-Fetch-Site: cross-site`; the gateway's session cookie is also
/// `SameSite=Lax`. So no CSRF token is needed.
struct AdminRoutes<Context: RequestContext>: Sendable {
    let pages: AdminPages
    let index: any StudySearching
    let locator: any InstanceLocating
    let statistics: any AdminStatisticsReading
    let blobs: FileBlobStore
    let store: StoreRoutes<Context>
    let search: SearchRoutes<Context>
    let rendered: RenderedRoutes<Context>
    let delete: DeleteRoutes<Context>
    let baseURL: PublicBaseURL
    let trustForwarded: Bool
    let authEnabled: Bool

    /// The header the UI's scripts send with every state-changing request.
    static var requestedWith: String { "tessera-admin" }

    /// Adds the routes.
    func register(on router: Router<Context>) {
        let study = "/admin/studies/:study"
        let series = "\(study)/series/:series"
        let instance = "\(series)/instances/:instance"
        router.get("/admin") { request, context in try await page(request, context) { try await studyList(request, context, $0) } }
        router.get("/admin/upload") { request, context in try await page(request, context) { uploadPage($0) } }
        router.get("/admin/statistics") { request, context in try await page(request, context) { try await statisticsPage(context, $0) } }
        router.get(RouterPath(study)) { request, context in try await page(request, context) { try await studyPage(request, context, $0) } }
        router.get(RouterPath(series)) { request, context in try await page(request, context) { try await seriesPage(request, context, $0) } }
        router.get(RouterPath(instance)) { request, context in try await page(request, context) { try await instancePage(request, context, $0) } }
        router.get("/admin/assets/:name") { request, context in
            guard let response = pages.asset(context.parameters.get("name") ?? "", request: request) else { throw PACSError(.notFound, "no such asset") }
            return response
        }
        router.get(RouterPath("\(series)/thumbnail")) { request, context in try await seriesThumbnail(request, context) }
        router.get(RouterPath("\(instance)/rendered")) { request, context in
            let frame = try Self.frameNumber(request)
            return try await rendered.render(request, context, frame: frame)
        }
        router.get(RouterPath("\(instance)/file")) { request, context in try await instanceFile(context) }
        router.get(RouterPath("\(study)/archive")) { request, context in try await archive(request, context) }
        router.get(RouterPath("\(series)/archive")) { request, context in try await archive(request, context) }
        // The endpoints the upload and delete scripts call: the DICOMweb handlers themselves.
        router.post("/admin/dicom-web/studies") { request, context in
            try Self.requireOwnScript(request)
            return try await store.stow(request, context: context, study: nil)
        }
        router.get("/admin/dicom-web/instances") { request, context in try await search.search(request, context, .instance) }
        for path in ["/admin/dicom-web/studies/:study", "/admin/dicom-web/studies/:study/series/:series",
                     "/admin/dicom-web/studies/:study/series/:series/instances/:instance"] {
            router.delete(RouterPath(path)) { request, context in
                try Self.requireOwnScript(request)
                return try await delete.delete(context, try InstanceScope.from(context))
            }
        }
    }

    /// Runs a page handler with the request's viewer; flow errors become HTML error pages.
    func page(_ request: Request, _ context: Context, _ body: (AdminViewer) async throws -> Response) async throws -> Response {
        let viewer = AdminViewer.from(request, trustForwarded: trustForwarded, authEnabled: authEnabled)
        do {
            return try await body(viewer)
        } catch let error as PACSError {
            let status = error.status
            if status == .internalServerError { context.logger.error("admin page failed", metadata: ["error": "\(error)"]) }
            return pages.error(status, status == .internalServerError ? "The archive could not answer; see the service log." : error.reason, viewer: viewer)
        }
    }

    /// Refuses state-changing requests that did not come from the UI's own scripts (see the type's documentation).
    /// - Throws: `APIError` 403.
    static func requireOwnScript(_ request: Request) throws {
        let marker = request.headers[HTTPField.Name("X-Requested-With")!]
        let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!]
        guard marker == requestedWith, site == nil || site == "same-origin" else {
            throw APIError(.forbidden, code: "forbidden", reason: "state-changing admin requests must come from the admin UI")
        }
    }

    /// `?frame=N` (1-based, default 1).
    static func frameNumber(_ request: Request) throws -> Int {
        guard let text = try QueryString.parse(request.uri.query).first(where: { $0.name == "frame" })?.value else { return 1 }
        guard let frame = Int(text), frame >= 1, frame <= 1_000_000 else { throw PACSError(.badRequest, "frame must be a positive number") }
        return frame
    }
}
