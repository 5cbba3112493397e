import DICOMCore
import DICOMWeb
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix

/// WADO-RS bulk data (PS3.18 §10.4.1.1.5): the BulkDataURIs of the metadata resolve here.
/// Pixel Data answers frame by frame (native as application/octet-stream, compressed as stored
/// when the client accepts it, as for frames); other values as one application/octet-stream part.
struct BulkDataRoutes<Context: RequestContext>: Sendable {
    let locator: any InstanceLocating
    let blobs: FileBlobStore

    /// Adds the route.
    func register(on router: Router<Context>) {
        router.get("/dicom-web/studies/:study/series/:series/instances/:instance/bulkdata/**") { request, context in
            try await bulkData(request, context)
        }
    }

    func bulkData(_ request: Request, _ context: Context) async throws -> Response {
        let target = try BulkDataReader.Path(context.parameters.getCatchAll())
        let accept = try FrameRequest(frameList: "1", accept: request.headers[.accept])
        guard let file = try await locator.files(in: try InstanceScope.from(context), logger: context.logger).first else {
            throw PACSError(.notFound, "no such instance")
        }
        let path = blobs.path(of: file.blobKey)
        var headers = HTTPFields()
        headers[.cacheControl] = "private, max-age=3600"
        headers[.eTag] = ETag.of([file.sha256] + target.tags.map(\.hexString) + target.items.map(String.init))
        var multipart = MultipartWriter()
        guard target.isPixelData else {
            let bytes = try await NIOThreadPool.singleton.runIfActive { try BulkDataReader(path: path).value(at: target) }
            headers[.contentType] = multipart.contentType(type: "application/octet-stream")
            let body = multipart.body([(headers: [("Content-Type", "application/octet-stream")], body: ByteBuffer(bytes: bytes))])
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
        let syntax = TransferSyntax(uid: file.transferSyntaxUID)
        if syntax.isEncapsulated && !accept.acceptsStored {
            throw PACSError(.notAcceptable, "this Pixel Data is compressed (\(file.transferSyntaxUID)); ask with transfer-syntax=*")
        }
        let pixels = try await InstanceLoader.pixels(path)
        let partType = syntax.isEncapsulated
            ? "\(FrameRequest.mediaType(forCompressed: syntax.uid)); transfer-syntax=\(syntax.uid)"
            : "application/octet-stream; transfer-syntax=\(TransferSyntax.explicitVRLittleEndianUID)"
        headers[.contentType] = multipart.contentType(type: String(partType.prefix { $0 != ";" }))
        let framing = multipart
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var multipart = framing
            for index in 0..<pixels.frameCount {
                // Native Pixel Data is one part made of its frames; compressed frames are a part each.
                if index == 0 || syntax.isEncapsulated { try await writer.write(multipart.partHeader([("Content-Type", partType)])) }
                let frame = try await NIOThreadPool.singleton.runIfActive { try pixels.frame(index) }
                try await writer.write(ByteBuffer(bytes: frame))
            }
            try await writer.write(multipart.closing())
            try await writer.finish(nil)
        })
    }
}
