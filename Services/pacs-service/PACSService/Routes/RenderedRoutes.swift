import DICOMCore
import HTTPTypes
import Hummingbird
import NIOCore

/// WADO-RS rendered resources (PS3.18 §10.4.1.1.3, §8.3.5): an instance or frame rendered
/// to image/jpeg (default) or image/png with `window`, `quality` and `viewport`, and the
/// `thumbnail` of an instance.
struct RenderedRoutes<Context: RequestContext>: Sendable {
    let locator: any InstanceLocating
    let blobs: FileBlobStore

    /// Adds the routes.
    func register(on router: Router<Context>) {
        let instance = "/dicom-web/studies/:study/series/:series/instances/:instance"
        router.get("\(instance)/rendered") { request, context in try await render(request, context, frame: 1) }
        router.get("\(instance)/thumbnail") { request, context in try await render(request, context, frame: 1, thumbnail: true) }
        router.get("\(instance)/frames/:frames/rendered") { request, context in
            guard let frame = context.parameters.get("frames").flatMap({ Int($0) }), frame >= 1 else {
                throw PACSError(.badRequest, "rendered frames take one frame number")
            }
            return try await render(request, context, frame: frame)
        }
    }

    func render(_ request: Request, _ context: Context, frame: Int, thumbnail: Bool = false) async throws -> Response {
        let parameters = try RenderParameters(query: try QueryString.parse(request.uri.query), accept: request.headers[.accept])
        guard let file = try await locator.files(in: try InstanceScope.from(context), logger: context.logger).first else {
            throw PACSError(.notFound, "no such instance")
        }
        let path = blobs.path(of: file.blobKey)
        let image = try await InstanceLoader.render(path, frame: frame - 1, parameters: parameters, thumbnail: thumbnail)
        var headers = HTTPFields()
        headers[.contentType] = parameters.mediaType
        headers[.cacheControl] = "private, max-age=3600"
        headers[.eTag] = ETag.of([file.sha256, String(frame), request.uri.query ?? "", parameters.mediaType, thumbnail ? "thumbnail" : ""])
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: image)))
    }
}
