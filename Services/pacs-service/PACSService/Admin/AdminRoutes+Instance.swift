import DICOMCore
import HTTPTypes
import Hummingbird
import NIOPosix

/// The instance page (tag tree and rendered preview), the series thumbnail and the .dcm download.
extension AdminRoutes {
    /// Window presets offered on the preview (center, width), as radiology viewers name them.
    static var windowPresets: [(name: String, center: Int, width: Int)] {
        [("Soft tissue", 40, 400), ("Lung", -600, 1500), ("Bone", 400, 1800), ("Brain", 40, 80), ("Liver", 60, 160), ("Mediastinum", 50, 350)]
    }

    func instancePage(_ request: Request, _ context: Context, _ viewer: AdminViewer) async throws -> Response {
        let scope = try InstanceScope.from(context)
        guard let file = try await locator.files(in: scope, logger: context.logger).first else { throw PACSError(.notFound, "no such instance") }
        let path = blobs.path(of: file.blobKey)
        let parsed: DICOMFile = try await NIOThreadPool.singleton.runIfActive { () throws -> DICOMFile in
            do {
                return try DICOMFile(path: path, options: ReadOptions(pixelData: .skip, deferValuesLongerThan: 1 << 20))
            } catch let error as DICOMError {
                throw PACSError(.storage, "stored instance unreadable (\(error.code))")
            }
        }
        let tree = TagTree.rows(meta: parsed.meta, dataSet: parsed.dataSet)
        let data = parsed.dataSet
        let studyURL = "\(viewer.base)/studies/\(file.studyUID)"
        let base = "\(studyURL)/series/\(file.seriesUID)/instances/\(file.sopInstanceUID)"
        let frames = max(file.numberOfFrames ?? 1, 1)
        var presets: [[String: Any]] = [["name": "Default", "window": ""]]
        if let center = data.double(.windowCenter), let width = data.double(.windowWidth), width > 0 {
            presets.append(["name": "File (\(Self.number(center)) / \(Self.number(width)))", "window": "\(Self.number(center)),\(Self.number(width))"])
        }
        if data.string(.modality) == "CT" {
            presets += Self.windowPresets.map { ["name": "\($0.name) (\($0.center) / \($0.width))", "window": "\($0.center),\($0.width)"] }
        }
        let values: [String: Any] = [
            "studyURL": studyURL, "seriesURL": "\(studyURL)/series/\(file.seriesUID)",
            "studyUID": file.studyUID, "seriesUID": file.seriesUID, "uid": file.sopInstanceUID,
            "patientName": AdminFormat.personName(data.string(.patientName) ?? ""), "patientID": data.string(.patientID) ?? "",
            "studyDescription": data.string(.studyDescription) ?? "", "seriesDescription": data.string(.seriesDescription) ?? "",
            "number": data.string(.instanceNumber) ?? "", "sopClass": UIDDictionary.entry(for: file.sopClassUID)?.name ?? file.sopClassUID,
            "transferSyntax": UIDDictionary.entry(for: file.transferSyntaxUID)?.name ?? file.transferSyntaxUID,
            "size": AdminFormat.bytes(Int64(file.size)), "sha256": file.sha256, "frames": frames, "multiframe": frames > 1,
            "renderedURL": "\(base)/rendered", "fileURL": "\(base)/file", "viewerURL": "/viewer?StudyInstanceUIDs=\(file.studyUID)",
            "deleteURL": "\(viewer.base)/dicom-web/studies/\(file.studyUID)/series/\(file.seriesUID)/instances/\(file.sopInstanceUID)",
            "afterDeleteURL": "\(studyURL)/series/\(file.seriesUID)", "presets": presets,
            "rows": tree.rows, "truncated": tree.truncated,
        ]
        return pages.page("instance", title: "Instance \(data.string(.instanceNumber) ?? file.sopInstanceUID)", viewer: viewer, values: values)
    }

    /// The middle instance of a series rendered as a JPEG (what the study page shows per series).
    func seriesThumbnail(_ request: Request, _ context: Context) async throws -> Response {
        let files = try await locator.files(in: try InstanceScope.from(context), logger: context.logger)
        guard !files.isEmpty else { throw PACSError(.notFound, "no such series") }
        let file = files[files.count / 2]
        let parameters = try RenderParameters(query: [("quality", "80")], accept: nil)
        let image = try await InstanceLoader.render(blobs.path(of: file.blobKey), frame: 0, parameters: parameters)
        var headers = HTTPFields()
        headers[.contentType] = "image/jpeg"
        headers[.cacheControl] = "private, max-age=300"
        headers[.eTag] = ETag.of([file.sha256, "thumbnail"])
        if request.headers[.ifNoneMatch] == headers[.eTag] { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(bytes: image)))
    }

    /// The instance exactly as stored, as an attachment `<SOPInstanceUID>.dcm`.
    func instanceFile(_ context: Context) async throws -> Response {
        guard let file = try await locator.files(in: try InstanceScope.from(context), logger: context.logger).first else {
            throw PACSError(.notFound, "no such instance")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/dicom"
        headers[.contentDisposition] = "attachment; filename=\"\(file.sopInstanceUID).dcm\""
        headers[.cacheControl] = "private, no-cache"
        let path = blobs.path(of: file.blobKey)
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: file.size) { writer in
            try await BlobReader.stream(path: path) { try await writer.write($0) }
            try await writer.finish(nil)
        })
    }

    /// A window value without a needless `.0`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
