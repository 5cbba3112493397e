import Foundation
import Logging
import PostgresNIO

/// ``AdminStatisticsReading`` over the index tables (schema `pacs`).
struct PostgresAdminStatistics: AdminStatisticsReading {
    let client: PostgresClient

    func statistics(recent: Int, logger: Logger) async throws -> ArchiveStatistics {
        do {
            var result = ArchiveStatistics()
            let counts = try await client.query("""
                SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM studies), (SELECT count(*) FROM series),
                       (SELECT count(*) FROM instances), (SELECT coalesce(sum(blob_size), 0)::bigint FROM instances),
                       (SELECT count(*) FROM instances WHERE received_at > now() - interval '1 day'),
                       version(), pg_database_size(current_database()),
                       (SELECT coalesce(max(version), 0)::bigint FROM schema_migrations)
                """, logger: logger)
            for try await row in counts.decode((Int64, Int64, Int64, Int64, Int64, Int64, String, Int64, Int64).self) {
                result.patients = Int(row.0)
                result.studies = Int(row.1)
                result.series = Int(row.2)
                result.instances = Int(row.3)
                result.storedBytes = row.4
                result.instancesLastDay = Int(row.5)
                result.databaseVersion = row.6
                result.databaseBytes = row.7
                result.schemaVersion = Int(row.8)
            }
            let rows = try await client.query("""
                SELECT study_uid, patient_name, study_description, instance_count, updated_at
                FROM studies ORDER BY updated_at DESC, pk DESC LIMIT \(Int64(recent))
                """, logger: logger)
            for try await (uid, name, description, instances, updated) in rows.decode((String, String, String, Int32, Date).self) {
                result.recent.append(.init(studyUID: uid, patientName: name, description: description, instances: Int(instances), updatedAt: updated))
            }
            return result
        } catch {
            logger.error("statistics query failed", metadata: ["error": "\(String(reflecting: error))"])
            throw PACSError(.storage, "statistics unavailable")
        }
    }
}
