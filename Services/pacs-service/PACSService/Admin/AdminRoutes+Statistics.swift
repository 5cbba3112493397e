import Foundation
import Hummingbird
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The statistics page: counts, storage used, recent uploads, database and storage health.
extension AdminRoutes {
    func statisticsPage(_ context: Context, _ viewer: AdminViewer) async throws -> Response {
        let started = ContinuousClock.now
        var values: [String: Any] = [:]
        do {
            let figures = try await statistics.statistics(recent: 10, logger: context.logger)
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            values.merge([
                "patients": figures.patients, "studies": figures.studies, "series": figures.series, "instances": figures.instances,
                "storedBytes": AdminFormat.bytes(figures.storedBytes), "instancesLastDay": figures.instancesLastDay,
                "databaseOK": true, "databaseVersion": figures.databaseVersion, "databaseBytes": AdminFormat.bytes(figures.databaseBytes),
                "databaseLatency": String(format: "%.1f ms", milliseconds), "schemaVersion": figures.schemaVersion,
                "recent": figures.recent.map { study -> [String: Any] in
                    [
                        "url": "\(viewer.base)/studies/\(study.studyUID)", "patientName": AdminFormat.personName(study.patientName),
                        "description": study.description, "instances": study.instances,
                        "updatedAt": ISO8601DateFormatter.string(from: study.updatedAt, timeZone: TimeZone(identifier: "UTC")!,
                                                                 formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]) + " UTC",
                    ]
                },
            ]) { $1 }
        } catch let error as PACSError {
            values["databaseOK"] = false
            values["databaseError"] = error.reason
        }
        values.merge(await Self.storageHealth(root: blobs.root)) { $1 }
        return pages.page("statistics", title: "Statistics", viewer: viewer, values: values)
    }

    /// Free and total space of the blob store's file system and whether it is writable.
    static func storageHealth(root: String) async -> [String: Any] {
        let facts: (examined: Bool, writable: Bool, total: Int64, free: Int64)? = try? await NIOThreadPool.singleton.runIfActive {
            var stats = statvfs()
            guard statvfs(root, &stats) == 0 else { return (false, false, 0, 0) }
            let block = Int64(stats.f_frsize)
            return (true, access(root + "/tmp", W_OK) == 0, Int64(stats.f_blocks) * block, Int64(stats.f_bavail) * block)
        }
        guard let facts, facts.examined else { return ["storageOK": false, "storageError": "the storage directory cannot be examined"] }
        return [
            "storageOK": facts.writable, "storageError": facts.writable ? "" : "the storage directory is not writable",
            "storageFree": AdminFormat.bytes(facts.free), "storageTotal": AdminFormat.bytes(facts.total),
            "storageUsedPercent": facts.total > 0 ? String(format: "%.0f", Double(facts.total - facts.free) * 100 / Double(facts.total)) : "?",
        ]
    }
}
