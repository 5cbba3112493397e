import Foundation
import Logging

/// A JSON log line: `{"ts":"…","level":"info","logger":"…","msg":"…", …metadata}`.
///
/// Written directly rather than through `JSONSerialization`, whose sorted keys compare with
/// the locale through ICU: slow on a line per request, and it maps ICU into the process.
/// Metadata keys follow the four fixed ones in byte order; a metadata key named like a fixed
/// one replaces it.
enum JSONLogLine {
    /// The line, with its newline.
    static func render(_ event: LogEvent, label: String, metadata: Logger.Metadata) -> String {
        var fields: [(key: String, value: Logger.MetadataValue)] = [
            ("ts", .string(Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)))),
            ("level", .string(event.level.rawValue)),
            ("logger", .string(label)),
            ("msg", .string(event.message.description)),
        ]
        fields.removeAll { metadata[$0.key] != nil }
        fields += metadata.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var line = ""
        appendObject(fields, to: &line)
        line.append("\n")
        return line
    }

    private static func appendObject(_ fields: [(key: String, value: Logger.MetadataValue)], to line: inout String) {
        line.append("{")
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(",") }
            appendString(field.key, to: &line)
            line.append(":")
            appendValue(field.value, to: &line)
        }
        line.append("}")
    }

    private static func appendValue(_ value: Logger.MetadataValue, to line: inout String) {
        switch value {
        case .string(let text): appendString(text, to: &line)
        case .stringConvertible(let item): appendString(item.description, to: &line)
        case .array(let items):
            line.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { line.append(",") }
                appendValue(item, to: &line)
            }
            line.append("]")
        case .dictionary(let entries):
            appendObject(entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, to: &line)
        }
    }

    /// A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped.
    static func appendString(_ text: String, to line: inout String) {
        line.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line.append("\\\"")
            case "\\": line.append("\\\\")
            case "\n": line.append("\\n")
            case "\r": line.append("\\r")
            case "\t": line.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: line.unicodeScalars.append(scalar)
            }
        }
        line.append("\"")
    }
}
