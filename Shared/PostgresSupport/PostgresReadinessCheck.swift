import Logging
import PostgresNIO
import ServiceSupport

/// Ready when `SELECT 1` succeeds on the pool; the reason names the failure class, never credentials.
public struct PostgresReadinessCheck: ReadinessCheck {
    public let name = "database"
    private let client: PostgresClient
    private let logger: Logger

    /// Creates the check for `client`.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func check() async throws {
        do {
            try await client.query("SELECT 1", logger: logger)
        } catch {
            throw ReadinessFailure(PostgresErrors.reason(error))
        }
    }
}

/// Helpers to classify postgres-nio errors without leaking query text or credentials.
public enum PostgresErrors {
    /// A short, safe reason for any error met while talking to PostgreSQL.
    public static func reason(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError: return reason(error)
        case let error as PostgresTransactionError: return error.closureError.map(reason) ?? "database transaction failed"
        case is TimeoutError: return "database did not answer in time"
        case is CancellationError: return "cancelled"
        default: return "database unreachable"
        }
    }

    /// A short, safe reason for a postgres-nio error.
    public static func reason(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return "database error: \(message)" }
        switch error.code {
        case .connectionError: return "database unreachable"
        case .serverClosedConnection, .clientClosedConnection: return "database connection closed"
        case .poolClosed: return "database pool closed"
        case .queryCancelled: return "database query cancelled"
        default: return "database error (\(error.code))"
        }
    }

    /// Whether `error` is a unique-constraint violation (SQLSTATE 23505).
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }
}
