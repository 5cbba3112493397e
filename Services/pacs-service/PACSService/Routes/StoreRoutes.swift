import DICOMWeb
import Foundation
import Hummingbird
import Logging

/// STOW-RS (`POST /dicom-web/studies[/{study}]`, PS3.18 §10.5) and the Orthanc-style raw
/// upload (`POST /instances` with an `application/dicom` body).
struct StoreRoutes<Context: RequestContext>: Sendable {
    let ingest: IngestFlow
    let baseURL: PublicBaseURL
    let maxParts: Int

    /// Adds the routes.
    func register(on router: Router<Context>) {
        router.post("/dicom-web/studies") { request, context in try await stow(request, context: context, study: nil) }
        router.post("/dicom-web/studies/:study") { request, context in
            try await stow(request, context: context, study: try StudyPath.uid(context.parameters.get("study")))
        }
        router.post("/instances") { request, context in try await upload(request, context: context) }
    }

    /// PS3.18 §10.5: every part an instance; one response listing stored and failed ones.
    func stow(_ request: Request, context: Context, study: DICOMUID?) async throws -> Response {
        guard let type = request.headers[.contentType].flatMap(HeaderMediaType.init) else {
            throw PACSError(.unsupportedMediaType, "Content-Type must be multipart/related; type=\"application/dicom\"")
        }
        var results: [StoreResult] = []
        switch type.essence {
        case "multipart/related":
            if let inner = type.parameters["type"], inner.lowercased() != "application/dicom" {
                throw PACSError(.unsupportedMediaType, "only multipart/related parts of type application/dicom are accepted")
            }
            guard let boundary = type.parameters["boundary"], (1...70).contains(boundary.utf8.count) else {
                throw PACSError(.badRequest, "multipart Content-Type needs a boundary of 1 to 70 characters")
            }
            results = try await pipelined(MultipartEventSequence(request.body, boundary: boundary), study: study, logger: context.logger)
        case "application/dicom":
            var iterator = request.body.makeAsyncIterator()
            results.append(try await ingest.ingest(expectedStudy: study, logger: context.logger) { try await iterator.next() })
        default:
            throw PACSError(.unsupportedMediaType, "Content-Type must be multipart/related; type=\"application/dicom\"")
        }
        guard !results.isEmpty else { throw PACSError(.badRequest, "the request holds no instance") }
        let response = StoreResponse(results: results, root: baseURL.dicomWeb(for: request), study: study)
        var headers = HTTPFields()
        headers[.contentType] = "application/dicom+json"
        return Response(status: .init(code: response.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try response.json())))
    }

    /// Instances stored at once while later parts are still being received: making a blob
    /// durable and indexing it wait on fsync and PostgreSQL, so overlapping them with reading
    /// keeps a many-instance request moving. Results keep the order of the parts.
    static var pipelineDepth: Int { 8 }

    /// Receives every part in order and stores up to ``pipelineDepth`` of them concurrently.
    /// - Throws: ``PACSError`` `.badRequest` for a malformed body, `.tooLarge` beyond `maxParts`.
    func pipelined<Body: AsyncSequence & Sendable>(_ parts: MultipartEventSequence<Body>, study: DICOMUID?, logger: Logger) async throws -> [StoreResult] {
        var events = parts.makeAsyncIterator()
        let ingest = self.ingest
        return try await withThrowingTaskGroup(of: (Int, StoreResult).self) { group in
            var results: [StoreResult?] = []
            var inFlight = 0
            do {
                while let event = try await events.next() {
                    guard case .headers(let partHeaders) = event else { throw PACSError(.badRequest, "malformed multipart/related body") }
                    guard results.count < maxParts else { throw PACSError(.tooLarge, "more than \(maxParts) parts in one request") }
                    let partType = partHeaders.first { $0.name == "content-type" }.flatMap { HeaderMediaType($0.value) }
                    if let partType, partType.essence != "application/dicom" {
                        while let skipped = try await events.next(), skipped != .partEnd {}
                        results.append(.failed(FailedInstance(reason: .cannotUnderstand, detail: "part is not application/dicom")))
                        continue
                    }
                    let received = try await ingest.receive {
                        switch try await events.next() {
                        case .body(let chunk): chunk
                        case .partEnd, nil: nil
                        case .headers: throw PACSError(.badRequest, "malformed multipart/related body")
                        }
                    }
                    if inFlight == Self.pipelineDepth, let (position, result) = try await group.next() {
                        results[position] = result
                        inFlight -= 1
                    }
                    let position = results.count
                    results.append(nil)
                    group.addTask { (position, await ingest.store(received, expectedStudy: study, logger: logger)) }
                    inFlight += 1
                }
            } catch let error as DICOMWebError {
                throw PACSError(error.code == .tooManyParts ? .tooLarge : .badRequest, "malformed multipart/related body (\(error.code))")
            }
            for try await (position, result) in group { results[position] = result }
            return results.compactMap { $0 }
        }
    }

    /// Orthanc's `POST /instances`: one instance as the raw body; JSON answer.
    func upload(_ request: Request, context: Context) async throws -> Response {
        if let type = request.headers[.contentType].flatMap(HeaderMediaType.init), type.essence.hasPrefix("multipart/") {
            throw PACSError(.unsupportedMediaType, "POST /instances takes one raw application/dicom body; use STOW-RS for multipart")
        }
        var iterator = request.body.makeAsyncIterator()
        let result = try await ingest.ingest(expectedStudy: nil, logger: context.logger) { try await iterator.next() }
        switch result {
        case .failed(let failure):
            switch failure.reason {
            case .outOfResources: throw PACSError(.tooLarge, failure.detail)
            case .duplicateSOPInstance: throw PACSError(.conflict, failure.detail)
            case .processingFailure: throw PACSError(.storage, failure.detail)
            default: throw PACSError(.badRequest, failure.detail)
            }
        case .stored(let instance):
            let root = baseURL.dicomWeb(for: request)
            let url = "\(root)/studies/\(instance.studyUID)/series/\(instance.seriesUID)/instances/\(instance.sopInstanceUID)"
            let body: [String: String] = [
                "Status": instance.warningReason == nil ? "Success" : "AlreadyStored",
                "StudyInstanceUID": instance.studyUID.rawValue,
                "SeriesInstanceUID": instance.seriesUID.rawValue,
                "SOPInstanceUID": instance.sopInstanceUID.rawValue,
                "RetrieveURL": url,
            ]
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.location] = url
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
