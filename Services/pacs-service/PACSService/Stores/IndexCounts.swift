import Logging
import PostgresNIO

/// Recomputes the maintained counts (series instances; study series, instances and
/// ModalitiesInStudy; patient studies) after rows were added or removed, and removes
/// series, studies and patients left empty. Runs inside the writing transaction.
struct IndexCounts {
    let connection: PostgresConnection
    let logger: Logger

    /// Counts one instance just inserted into a series, in one statement: the series and study
    /// instance counts grow by one under their row locks (right under concurrent inserts), the
    /// study's series count and ModalitiesInStudy and the patient's study count are recomputed.
    func added(seriesPK: Int64) async throws {
        try await connection.query("""
            WITH se AS (
                UPDATE series SET instance_count = instance_count + 1 WHERE pk = \(seriesPK) RETURNING study_pk
            ), st AS (
                UPDATE studies SET instance_count = instance_count + 1,
                    series_count = (SELECT count(*) FROM series WHERE study_pk = studies.pk),
                    modalities = ARRAY(SELECT DISTINCT modality FROM series WHERE study_pk = studies.pk AND modality <> '' ORDER BY modality),
                    updated_at = now()
                WHERE pk = (SELECT study_pk FROM se) RETURNING patient_pk
            )
            UPDATE patients SET study_count = (SELECT count(*) FROM studies WHERE patient_pk = patients.pk)
            WHERE pk = (SELECT patient_pk FROM st)
            """, logger: logger)
    }

    /// Refreshes the counts of a series and everything above it.
    func refresh(seriesPK: Int64) async throws {
        let rows = try await connection.query("""
            UPDATE series SET instance_count = (SELECT count(*) FROM instances WHERE series_pk = \(seriesPK))
            WHERE pk = \(seriesPK) RETURNING study_pk, instance_count
            """, logger: logger)
        var found: (Int64, Int32)?
        for try await row in rows.decode((Int64, Int32).self) { found = row }
        guard let (studyPK, count) = found else { return }
        if count == 0 {
            try await connection.query("DELETE FROM series WHERE pk = \(seriesPK)", logger: logger)
        }
        try await refresh(studyPK: studyPK)
    }

    /// Refreshes the counts of a study and its patient; removes it when empty.
    func refresh(studyPK: Int64) async throws {
        let rows = try await connection.query("""
            UPDATE studies SET
                series_count = (SELECT count(*) FROM series WHERE study_pk = \(studyPK)),
                instance_count = (SELECT coalesce(sum(instance_count), 0) FROM series WHERE study_pk = \(studyPK)),
                modalities = ARRAY(SELECT DISTINCT modality FROM series WHERE study_pk = \(studyPK) AND modality <> '' ORDER BY modality),
                updated_at = now()
            WHERE pk = \(studyPK) RETURNING patient_pk, series_count
            """, logger: logger)
        var found: (Int64, Int32)?
        for try await row in rows.decode((Int64, Int32).self) { found = row }
        guard let (patientPK, count) = found else { return }
        if count == 0 {
            try await connection.query("DELETE FROM studies WHERE pk = \(studyPK)", logger: logger)
        }
        try await connection.query("""
            UPDATE patients SET study_count = (SELECT count(*) FROM studies WHERE patient_pk = \(patientPK)) WHERE pk = \(patientPK)
            """, logger: logger)
        try await connection.query("DELETE FROM patients WHERE pk = \(patientPK) AND study_count = 0", logger: logger)
    }
}
