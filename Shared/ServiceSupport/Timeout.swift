/// The operation given to ``withTimeout(_:operation:)`` did not finish in time.
public struct TimeoutError: Error, CustomStringConvertible, Sendable {
    /// The bound that was exceeded.
    public var limit: Duration
    public var description: String { "no answer within \(limit)" }
}

/// Runs `operation`, cancelling it and throwing ``TimeoutError`` when it takes longer than `limit`.
/// - Note: the operation must honour cancellation for the call to return promptly.
public func withTimeout<Result: Sendable>(_ limit: Duration, operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw TimeoutError(limit: limit)
        }
        return result
    }
}
