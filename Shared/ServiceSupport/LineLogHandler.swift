import Foundation
import Logging

/// The process's swift-log handler: one line per event on standard error, as human-readable
/// text (``TextLogLine``) or as a JSON object (``JSONLogLine``), chosen by `LOG_FORMAT`.
///
/// Unlike swift-log's `StreamLogHandler`, which re-renders all of its metadata into a string
/// whenever one key changes, this handler renders metadata only when a line is written —
/// request ids and similar keys are set on every request, while most requests write no line.
public struct LineLogHandler: LogHandler {
    /// Metadata attached to every line of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Minimum level written.
    public var logLevel: Logger.Level = .info
    private let label: String
    private let format: LogFormat

    /// Creates a handler for the logger `label`.
    public init(label: String, format: LogFormat) {
        self.label = label
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        FileHandle.standardError.write(Data(line(for: event).utf8))
    }

    /// The line (with its newline) for `event`.
    func line(for event: LogEvent) -> String {
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        switch format {
        case .text: return TextLogLine.render(event, label: label, metadata: merged)
        case .json: return JSONLogLine.render(event, label: label, metadata: merged)
        }
    }
}
