import Foundation
import Logging

/// How log lines are written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// Human-readable lines (swift-log's stream handler layout, ``TextLogLine``).
    case text
    /// One JSON object per line, for log collectors (``JSONLogLine``).
    case json
}

/// Process-wide logging set-up.
public enum LoggingBootstrap {
    private static let once = BootstrapOnce()

    /// Installs the log handler for this process (only the first call has effect).
    /// - Parameters:
    ///   - format: Line format.
    ///   - level: Minimum level.
    public static func bootstrap(format: LogFormat, level: Logger.Level) {
        once.run {
            LoggingSystem.bootstrap { label in
                var handler = LineLogHandler(label: label, format: format)
                handler.logLevel = level
                return handler
            }
        }
    }
}

/// Runs a closure at most once per process.
final class BootstrapOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func run(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        body()
    }
}
