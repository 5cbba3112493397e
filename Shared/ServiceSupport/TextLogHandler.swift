import Foundation
import Logging

/// Human-readable log lines on standard error, in swift-log's `StreamLogHandler` layout
/// (`2026-01-01T12:00:00+0000 info pacs-service: key=value [Source] message`).
///
/// Unlike `StreamLogHandler`, which re-renders all of its metadata into a string whenever one
/// key changes, this handler renders metadata only when a line is written — request ids and
/// similar keys are set on every request, while most requests write no line at all.
public struct TextLogHandler: LogHandler {
    /// Metadata attached to every line of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Minimum level written.
    public var logLevel: Logger.Level = .info
    private let label: String

    /// Creates a handler for the logger `label`.
    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        FileHandle.standardError.write(Data(format(event).utf8))
    }

    /// The line (with its newline) for `event`.
    func format(_ event: LogEvent) -> String {
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(Self.timestamp()) \(event.level) \(label):\(rendered.isEmpty ? "" : " " + rendered) [\(event.source)] \(event.message)\n"
    }

    private static func timestamp() -> String {
        var buffer = [Int8](repeating: 0, count: 32)
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
