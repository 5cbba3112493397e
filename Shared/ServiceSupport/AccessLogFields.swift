import Logging
import Synchronization

/// Facts that inner layers learn while answering a request and that belong on its access
/// log line: the authenticated user's `sub`, the route that answered.
///
/// ``AccessLogMiddleware`` creates one holder per request and binds it to the task-local
/// ``current`` around the rest of the chain (the context is a value, so changes made further
/// in never reach the outer middleware); handlers call ``record(_:_:)``.
public final class AccessLogFields: Sendable {
    /// The holder of the request being handled, if the access log middleware runs.
    @TaskLocal public static var current: AccessLogFields?

    private let fields = Mutex<Logger.Metadata>([:])

    /// Creates an empty holder.
    public init() {}

    /// Adds `value` under `key` to the current request's access log line (no-op outside one).
    /// Never pass secrets: the line is logged as is.
    public static func record(_ key: String, _ value: String) {
        current?.fields.withLock { $0[key] = .string(value) }
    }

    /// What was recorded so far.
    public var metadata: Logger.Metadata {
        fields.withLock { $0 }
    }
}
