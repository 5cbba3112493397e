import Logging
import PostgresNIO

extension PostgresInstanceIndex: InstanceLocating {
    public func files(in scope: RetrieveScope, logger: Logger) async throws -> [StoredFile] {
        do {
            let rows = try await client.query("""
                SELECT st.study_uid, se.series_uid, i.sop_uid, i.sop_class_uid, i.transfer_syntax_uid, i.blob_key, i.blob_size, i.sha256, i.number_of_frames
                FROM instances i JOIN series se ON se.pk = i.series_pk JOIN studies st ON st.pk = se.study_pk
                WHERE st.study_uid = \(scope.study.rawValue)
                  AND (\(scope.series?.rawValue)::text IS NULL OR se.series_uid = \(scope.series?.rawValue))
                  AND (\(scope.instance?.rawValue)::text IS NULL OR i.sop_uid = \(scope.instance?.rawValue))
                ORDER BY se.series_number NULLS LAST, se.pk, i.instance_number NULLS LAST, i.pk
                """, logger: logger)
            var files: [StoredFile] = []
            for try await (study, series, sop, sopClass, syntax, key, size, sha, frames) in rows.decode((String, String, String, String, String, String, Int64, String, Int32?).self) {
                guard let blobKey = BlobKey(rawValue: key) else { continue }
                files.append(StoredFile(studyUID: study, seriesUID: series, sopInstanceUID: sop, sopClassUID: sopClass, transferSyntaxUID: syntax,
                                        blobKey: blobKey, size: Int(size), sha256: sha, numberOfFrames: frames.map(Int.init)))
            }
            return files
        } catch {
            logger.error("file lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            throw PACSError(.storage, "lookup failed")
        }
    }

    public func metadata(in scope: RetrieveScope, logger: Logger) async throws -> [String] {
        do {
            let rows = try await client.query("""
                SELECT i.metadata
                FROM instances i JOIN series se ON se.pk = i.series_pk JOIN studies st ON st.pk = se.study_pk
                WHERE st.study_uid = \(scope.study.rawValue)
                  AND (\(scope.series?.rawValue)::text IS NULL OR se.series_uid = \(scope.series?.rawValue))
                  AND (\(scope.instance?.rawValue)::text IS NULL OR i.sop_uid = \(scope.instance?.rawValue))
                ORDER BY se.series_number NULLS LAST, se.pk, i.instance_number NULLS LAST, i.pk
                """, logger: logger)
            var documents: [String] = []
            for try await document in rows.decode(String.self) { documents.append(document) }
            return documents
        } catch {
            logger.error("metadata lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            throw PACSError(.storage, "lookup failed")
        }
    }
}
