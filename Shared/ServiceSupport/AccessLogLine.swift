import Foundation
import Logging

/// Writes one access log line: `request` with method, path (never the query string, which
/// may carry patient data), status, duration, the response size when known, and the facts
/// inner layers recorded (e.g. `user`, `route`).
public enum AccessLogLine {
    /// Logs the line at `level` on `logger` (whose metadata carries the request id).
    public static func log(
        _ logger: Logger, level: Logger.Level, method: String, path: String, status: Int, bytes: Int?, elapsed: Duration,
        fields: Logger.Metadata
    ) {
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var metadata = fields
        metadata["method"] = .string(method)
        metadata["path"] = .string(path)
        metadata["status"] = .stringConvertible(status)
        metadata["duration_ms"] = .string(String(format: "%.2f", milliseconds))
        if let bytes { metadata["bytes"] = .stringConvertible(bytes) }
        logger.log(level: level, "request", metadata: metadata)
    }
}
