import Logging
import PostgresNIO
import TestSupport

/// Row counts and maintained counts of the index, for checking they agree.
struct Counts: Equatable {
    var studies: Int
    var series: Int
    var instances: Int
    var studyInstances: Int
    var seriesInstances: Int
}

extension TestArchive {
    /// Reads the index's counts straight from PostgreSQL.
    func counts() async throws -> Counts {
        let client = PostgresClient(configuration: database.settings.clientConfiguration(schema: "pacs"), backgroundLogger: .quiet("counts"))
        return try await client.running {
            let rows = try await client.query("""
                SELECT (SELECT count(*) FROM studies), (SELECT count(*) FROM series), (SELECT count(*) FROM instances),
                       (SELECT coalesce(sum(instance_count), 0) FROM studies)::bigint, (SELECT coalesce(sum(instance_count), 0) FROM series)::bigint
                """, logger: .quiet("counts"))
            for try await (a, b, c, d, e) in rows.decode((Int, Int, Int, Int, Int).self) {
                return Counts(studies: a, series: b, instances: c, studyInstances: d, seriesInstances: e)
            }
            return Counts(studies: 0, series: 0, instances: 0, studyInstances: 0, seriesInstances: 0)
        }
    }
}
