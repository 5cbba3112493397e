import Logging
import PostgresNIO

extension PostgresInstanceIndex: InstanceRemoving {
    public func remove(_ scope: RetrieveScope, logger: Logger) async throws -> [BlobKey] {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                let study = try await connection.query("SELECT pk FROM studies WHERE study_uid = \(scope.study.rawValue) FOR UPDATE", logger: logger)
                var studyPK: Int64?
                for try await pk in study.decode(Int64.self) { studyPK = pk }
                guard let studyPK else { return [] }
                let rows = try await connection.query("""
                    DELETE FROM instances i USING series se
                    WHERE se.pk = i.series_pk AND se.study_pk = \(studyPK)
                      AND (\(scope.series?.rawValue)::text IS NULL OR se.series_uid = \(scope.series?.rawValue))
                      AND (\(scope.instance?.rawValue)::text IS NULL OR i.sop_uid = \(scope.instance?.rawValue))
                    RETURNING i.blob_key, i.series_pk
                    """, logger: logger)
                var keys: [BlobKey] = []
                var seriesPKs = Set<Int64>()
                for try await (key, seriesPK) in rows.decode((String, Int64).self) {
                    if let key = BlobKey(rawValue: key) { keys.append(key) }
                    seriesPKs.insert(seriesPK)
                }
                let counts = IndexCounts(connection: connection, logger: logger)
                for seriesPK in seriesPKs.sorted() { try await counts.refresh(seriesPK: seriesPK) }
                return keys
            }
        } catch {
            logger.error("delete failed", metadata: ["error": "\(String(reflecting: error))"])
            throw PACSError(.storage, "delete failed")
        }
    }
}
