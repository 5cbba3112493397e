import Foundation
import Logging

/// A human-readable log line in swift-log's `StreamLogHandler` layout:
/// `2026-01-01T12:00:00+0000 info pacs-service: key=value [Source] message`.
enum TextLogLine {
    /// The line, with its newline; metadata sorted by key.
    static func render(_ event: LogEvent, label: String, metadata: Logger.Metadata) -> String {
        let rendered = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(timestamp()) \(event.level) \(label):\(rendered.isEmpty ? "" : " " + rendered) [\(event.source)] \(event.message)\n"
    }

    /// Local time with its UTC offset, as `StreamLogHandler` writes it.
    private static func timestamp() -> String {
        var buffer = [Int8](repeating: 0, count: 32)
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
