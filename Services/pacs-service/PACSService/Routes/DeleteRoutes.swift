import Foundation
import Hummingbird

/// Deletion (`DELETE` of a study, series or instance) and the reject form OHIF uses
/// (`POST …/studies/{s}[/series/{x}]/reject/{code}^DCM`, PS3.18 §10.7 style): index rows go in
/// one transaction, their blobs after it. Rejected instances are deleted, not kept.
struct DeleteRoutes<Context: RequestContext>: Sendable {
    let index: any InstanceRemoving
    let blobs: FileBlobStore

    /// Rejection notes accepted (PS3.16 CID 7011): quality, patient safety, worklist, retention.
    static var rejectionCodes: Set<String> { ["113001", "113037", "113038", "113039"] }

    /// Adds the routes.
    func register(on router: Router<Context>) {
        router.delete("/dicom-web/studies/:study") { request, context in try await delete(context, scope(context)) }
        router.delete("/dicom-web/studies/:study/series/:series") { request, context in try await delete(context, scope(context)) }
        router.delete("/dicom-web/studies/:study/series/:series/instances/:instance") { request, context in try await delete(context, scope(context)) }
        router.post("/dicom-web/studies/:study/reject/:code") { request, context in try await reject(context) }
        router.post("/dicom-web/studies/:study/series/:series/reject/:code") { request, context in try await reject(context) }
    }

    /// The scope named by the path parameters.
    func scope(_ context: Context) throws -> RetrieveScope { try InstanceScope.from(context) }

    func delete(_ context: Context, _ scope: RetrieveScope) async throws -> Response {
        let keys = try await index.remove(scope, logger: context.logger)
        guard !keys.isEmpty else { throw PACSError(.notFound, "nothing to delete") }
        await blobs.delete(keys)
        context.logger.notice("deleted", metadata: ["instances": "\(keys.count)"])
        return Response(status: .noContent)
    }

    func reject(_ context: Context) async throws -> Response {
        let raw = context.parameters.get("code") ?? ""
        let code = raw.removingPercentEncoding ?? raw
        let parts = code.split(separator: "^")
        guard parts.count == 2, parts[1] == "DCM", Self.rejectionCodes.contains(String(parts[0])) else {
            throw PACSError(.badRequest, "rejection code must be one of \(Self.rejectionCodes.sorted().joined(separator: ", ")) with scheme DCM, e.g. 113039^DCM")
        }
        return try await delete(context, scope(context))
    }
}
