import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs the client (pool) for the duration of `body`, then shuts it down.
    @discardableResult
    public func running<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        let task = Task { await self.run() }
        defer { task.cancel() }
        return try await body()
    }
}
