import Foundation
import Logging

/// A JSON log line: `{"ts":"…","level":"info","logger":"…","msg":"…", …metadata}`, written
/// with ``JSONWriter``. Metadata keys follow the four fixed ones in byte order; a metadata key
/// named like a fixed one replaces it.
enum JSONLogLine {
    /// The line, with its newline.
    static func render(_ event: LogEvent, label: String, metadata: Logger.Metadata) -> String {
        let fixed: [(key: String, value: String)] = [
            ("ts", Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))),
            ("level", event.level.rawValue),
            ("logger", label),
            ("msg", event.message.description),
        ]
        var line = JSONWriter.object(capacity: 256) { json in
            for field in fixed where metadata[field.key] == nil { json.member(field.key, field.value) }
            members(metadata, into: &json)
        }
        line.append(UInt8(ascii: "\n"))
        return String(decoding: line, as: UTF8.self)
    }

    private static func members(_ metadata: Logger.Metadata, into json: inout JSONWriter) {
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .string(let text): json.member(key, text)
            case .stringConvertible(let item): json.member(key, item.description)
            case .array(let items): json.arrayMember(key) { elements(&$0, items) }
            case .dictionary(let entries): json.member(key, { members(entries, into: &$0) })
            }
        }
    }

    private static func elements(_ json: inout JSONWriter, _ items: [Logger.MetadataValue]) {
        for item in items {
            switch item {
            case .string(let text): json.element(text)
            case .stringConvertible(let value): json.element(value.description)
            case .array(let nested): json.element(array: { elements(&$0, nested) })
            case .dictionary(let entries): json.element(object: { members(entries, into: &$0) })
            }
        }
    }
}
