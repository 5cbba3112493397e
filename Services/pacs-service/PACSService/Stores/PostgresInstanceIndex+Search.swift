import Logging
import PostgresNIO

extension PostgresInstanceIndex: StudySearching {
    public func search(_ query: QIDOQuery, root: String, logger: Logger) async throws -> SearchPage {
        let statement = try QIDOStatement.make(query, root: root)
        do {
            let rows = try await client.query(statement, logger: logger)
            var objects: [String] = []
            for try await object in rows.decode(String.self) { objects.append(object) }
            let more = objects.count > query.limit
            if more { objects.removeLast() }
            return SearchPage(objects: objects, hasMore: more)
        } catch {
            logger.error("search failed", metadata: ["error": "\(String(reflecting: error))"])
            throw PACSError(.storage, "search failed")
        }
    }
}
