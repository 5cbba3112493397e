import Foundation
import Logging

/// The archive's figures for the statistics page.
struct ArchiveStatistics: Sendable {
    /// A recently changed study.
    struct RecentStudy: Sendable {
        var studyUID: String
        var patientName: String
        var description: String
        var instances: Int
        var updatedAt: Date
    }

    var patients = 0
    var studies = 0
    var series = 0
    var instances = 0
    /// Sum of the stored instances' sizes.
    var storedBytes: Int64 = 0
    /// Instances received in the last 24 hours.
    var instancesLastDay = 0
    /// The studies that changed last.
    var recent: [RecentStudy] = []
    /// `SELECT version()`.
    var databaseVersion = ""
    /// The database's size on disk.
    var databaseBytes: Int64 = 0
    /// The newest applied schema migration.
    var schemaVersion = 0
}

/// Reads ``ArchiveStatistics`` from the index.
protocol AdminStatisticsReading: Sendable {
    /// Counts, sizes, recent studies and database facts.
    /// - Throws: ``PACSError`` `.storage` when the database does not answer.
    func statistics(recent: Int, logger: Logger) async throws -> ArchiveStatistics
}
