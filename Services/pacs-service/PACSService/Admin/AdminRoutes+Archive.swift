import Foundation
import HTTPTypes
import Hummingbird

/// Study and series downloads as a streamed ZIP (`Patient/Study/Series/<SOPInstanceUID>.dcm`):
/// each instance's stored bytes pass through once, checksummed on the way; nothing is
/// buffered beyond one read chunk.
extension AdminRoutes {
    func archive(_ request: Request, _ context: Context) async throws -> Response {
        let scope = try InstanceScope.from(context)
        let files = try await locator.files(in: scope, logger: context.logger)
        guard !files.isEmpty else { throw PACSError(.notFound, scope.series == nil ? "no such study" : "no such series") }
        let root = baseURL.dicomWeb(for: request)
        let study = try await findStudy(scope.study, root: root, context: context)
        var layout = ArchiveLayout(patientName: study.string(.patientName), patientID: study.string(.patientID),
                                   studyDate: study.string(.studyDate), studyDescription: study.string(.studyDescription),
                                   studyUID: scope.study.rawValue)
        let seriesQuery = try QIDOQuery(level: .series, study: scope.study, series: nil, parameters: [], defaultLimit: 10_000, maxLimit: 10_000)
        for series in try await index.search(seriesQuery, root: root, logger: context.logger).objects.compactMap(DICOMJSONObject.init) {
            layout.addSeries(uid: series.string(.seriesInstanceUID), number: series.string(.seriesNumber),
                             modality: series.string(.modality), description: series.string(.seriesDescription))
        }
        let entries = files.map { (path: blobs.path(of: $0.blobKey), name: layout.path(seriesUID: $0.seriesUID, sopInstanceUID: $0.sopInstanceUID), size: $0.size) }
        let download = scope.series.map { "series-\($0.rawValue).zip" } ?? "study-\(scope.study.rawValue).zip"
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"\(download)\""
        headers[.cacheControl] = "private, no-store"
        let logger = context.logger
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var zip = ZipStreamWriter()
            for entry in entries {
                try await writer.write(zip.startEntry(name: entry.name, size: UInt64(entry.size)))
                var crc = CRC32()
                var written = 0
                do {
                    try await BlobReader.stream(path: entry.path) { chunk in
                        crc.update(chunk)
                        written += chunk.readableBytes
                        try await writer.write(chunk)
                    }
                } catch {
                    logger.error("archive entry could not be read", metadata: ["error": "\(error)"])
                    throw error
                }
                try await writer.write(zip.finishEntry(crc: crc.value, size: UInt64(written)))
            }
            try await writer.write(zip.finish())
            try await writer.finish(nil)
        })
    }
}
