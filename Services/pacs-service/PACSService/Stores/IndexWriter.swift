import Logging
import PostgresNIO

/// The statements of one index write, run on a connection inside a transaction.
struct IndexWriter {
    let connection: PostgresConnection
    let logger: Logger

    /// Indexes a record under `policy` (see ``InstanceIndex/index(_:policy:logger:)``).
    func index(_ record: InstanceRecord, policy: DuplicatePolicy) async throws -> IndexOutcome {
        let uid = record.attributes.sopInstanceUID.rawValue
        // Lock an existing row of this SOP Instance UID (any study) before deciding.
        let existing = try await connection.query(
            "SELECT pk, sha256, blob_key, series_pk FROM instances WHERE sop_uid = \(uid) FOR UPDATE", logger: logger)
        var previous: (pk: Int64, sha: String, key: String, seriesPK: Int64)?
        for try await row in existing.decode((Int64, String, String, Int64).self) { previous = row }
        if let previous {
            if previous.sha == record.sha256 { return .identical }
            switch policy {
            case .reject: return .duplicateRejected
            case .ignore: return .ignored
            case .replace:
                try await connection.query("DELETE FROM instances WHERE pk = \(previous.pk)", logger: logger)
                try await IndexCounts(connection: connection, logger: logger).refresh(seriesPK: previous.seriesPK)
                try await insert(record)
                guard let key = BlobKey(rawValue: previous.key) else { return .stored }
                return .replaced(previous: key)
            }
        }
        try await insert(record)
        return .stored
    }

    private func insert(_ record: InstanceRecord) async throws {
        let patientPK = try await upsertPatient(record.attributes)
        let studyPK = try await upsertStudy(record, patientPK: patientPK)
        let seriesPK = try await upsertSeries(record, studyPK: studyPK)
        let a = record.attributes
        try await connection.query("""
            INSERT INTO instances (series_pk, sop_uid, sop_class_uid, instance_number, number_of_frames, rows, columns,
                bits_allocated, transfer_syntax_uid, blob_key, blob_size, sha256, metadata)
            VALUES (\(seriesPK), \(a.sopInstanceUID.rawValue), \(a.sopClassUID), \(a.instanceNumber.map(Int32.init(clamping:))),
                \(a.numberOfFrames.map(Int32.init(clamping:))), \(a.rows.map(Int32.init(clamping:))), \(a.columns.map(Int32.init(clamping:))),
                \(a.bitsAllocated.map(Int32.init(clamping:))), \(a.transferSyntaxUID), \(record.blobKey.rawValue), \(Int64(record.blobSize)),
                \(record.sha256), \(record.metadataJSON))
            """, logger: logger)
        try await IndexCounts(connection: connection, logger: logger).added(seriesPK: seriesPK)
    }

    private func upsertPatient(_ a: InstanceAttributes) async throws -> Int64 {
        let rows = try await connection.query("""
            INSERT INTO patients (patient_id, issuer) VALUES (\(a.patientID), \(a.issuerOfPatientID))
            ON CONFLICT (patient_id, issuer) DO UPDATE SET patient_id = EXCLUDED.patient_id
            RETURNING pk
            """, logger: logger)
        return try await single(rows)
    }

    private func upsertStudy(_ record: InstanceRecord, patientPK: Int64) async throws -> Int64 {
        let a = record.attributes
        let name = PersonNameKey(a.patientName)
        let physician = PersonNameKey(a.referringPhysicianName)
        let rows = try await connection.query("""
            INSERT INTO studies (patient_pk, study_uid, patient_id, patient_name, patient_name_key, patient_name_words,
                patient_birth_date, patient_sex, study_date, study_time, accession_number, study_id, study_description,
                referring_physician_name, referring_physician_key, referring_physician_words, attributes)
            VALUES (\(patientPK), \(a.studyUID.rawValue), \(a.patientID), \(a.patientName), \(name.key), \(name.words),
                \(a.patientBirthDate)::date, \(a.patientSex), \(a.studyDate)::date, \(a.studyTime)::time, \(a.accessionNumber),
                \(a.studyID), \(a.studyDescription), \(a.referringPhysicianName), \(physician.key), \(physician.words),
                replace(\(record.metadataJSON), '\\u0000', '')::jsonb)
            ON CONFLICT (study_uid) DO UPDATE SET updated_at = now()
            RETURNING pk
            """, logger: logger)
        return try await single(rows)
    }

    private func upsertSeries(_ record: InstanceRecord, studyPK: Int64) async throws -> Int64 {
        let a = record.attributes
        let rows = try await connection.query("""
            INSERT INTO series (study_pk, series_uid, modality, series_number, series_description, body_part,
                performed_start_date, performed_start_time, attributes)
            VALUES (\(studyPK), \(a.seriesUID.rawValue), \(a.modality), \(a.seriesNumber.map(Int32.init(clamping:))),
                \(a.seriesDescription), \(a.bodyPartExamined), \(a.performedStartDate)::date, \(a.performedStartTime)::time,
                replace(\(record.metadataJSON), '\\u0000', '')::jsonb)
            ON CONFLICT (series_uid) DO UPDATE SET study_pk = series.study_pk
            RETURNING pk, study_pk
            """, logger: logger)
        var result: (Int64, Int64)?
        for try await row in rows.decode((Int64, Int64).self) { result = row }
        guard let result else { throw PACSError(.storage, "series upsert returned nothing") }
        guard result.1 == studyPK else {
            throw PACSError(.conflict, "SeriesInstanceUID already belongs to another study")
        }
        return result.0
    }

    private func single(_ rows: PostgresRowSequence) async throws -> Int64 {
        var value: Int64?
        for try await pk in rows.decode(Int64.self) { value = pk }
        guard let value else { throw PACSError(.storage, "upsert returned nothing") }
        return value
    }
}
