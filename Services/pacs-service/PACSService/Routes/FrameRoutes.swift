import DICOMCore
import DICOMWeb
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix

/// WADO-RS frames (PS3.18 §10.4.1.1.6): native frames as application/octet-stream (Explicit VR
/// Little Endian byte order), compressed frames as stored when the client accepts them; every
/// part's Content-Type names its `transfer-syntax` (OHIF otherwise takes compressed bytes for raw pixels).
struct FrameRoutes<Context: RequestContext>: Sendable {
    let locator: any InstanceLocating
    let blobs: FileBlobStore

    /// Adds the route.
    func register(on router: Router<Context>) {
        router.get("/dicom-web/studies/:study/series/:series/instances/:instance/frames/:frames") { request, context in
            try await frames(request, context)
        }
    }

    func frames(_ request: Request, _ context: Context) async throws -> Response {
        let scope = try InstanceScope.from(context)
        let frameRequest = try FrameRequest(frameList: context.parameters.get("frames") ?? "", accept: request.headers[.accept])
        guard let file = try await locator.files(in: scope, logger: context.logger).first else { throw PACSError(.notFound, "no such instance") }
        let syntax = TransferSyntax(uid: file.transferSyntaxUID)
        if syntax.isEncapsulated && !frameRequest.acceptsStored {
            throw PACSError(.notAcceptable, "frames of this instance are compressed (\(file.transferSyntaxUID)); ask with transfer-syntax=*")
        }
        let pixels = try await InstanceLoader.pixels(blobs.path(of: file.blobKey))
        let count = pixels.frameCount
        guard frameRequest.frames.allSatisfy({ $0 <= count }) else { throw PACSError(.notFound, "the instance has \(count) frame(s)") }
        let partType = syntax.isEncapsulated
            ? "\(FrameRequest.mediaType(forCompressed: syntax.uid)); transfer-syntax=\(syntax.uid)"
            : "application/octet-stream; transfer-syntax=\(TransferSyntax.explicitVRLittleEndianUID)"
        var multipart = MultipartWriter()
        var body = ByteBuffer()
        for number in frameRequest.frames {
            let bytes: [UInt8]
            do {
                bytes = try await NIOThreadPool.singleton.runIfActive { try pixels.frame(number - 1) }
            } catch let error as DICOMError {
                throw PACSError(.notFound, "frame \(number) cannot be read (\(error.code))")
            }
            var head = multipart.partHeader([("Content-Type", partType)])
            body.writeBuffer(&head)
            body.writeBytes(bytes)
        }
        var close = multipart.closing()
        body.writeBuffer(&close)
        var headers = HTTPFields()
        headers[.contentType] = multipart.contentType(type: String(partType.prefix { $0 != ";" }))
        headers[.cacheControl] = "private, max-age=3600"
        headers[.eTag] = ETag.of([file.sha256, frameRequest.frames.map(String.init).joined(separator: ",")])
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
