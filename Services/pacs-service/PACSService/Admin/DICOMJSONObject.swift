import DICOMCore
import Foundation

/// One DICOM JSON object (PS3.18 §F.2) as the QIDO query code returns it, read for display.
struct DICOMJSONObject {
    private let elements: [String: Any]

    /// Parses one object.
    /// - Returns: nil when the text is not a JSON object.
    init?(_ text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        elements = object
    }

    /// The values of an attribute as text: person names in their alphabetic group, numbers as written.
    func strings(_ tag: DICOMTag) -> [String] {
        guard let element = elements[tag.hexString] as? [String: Any], let values = element["Value"] as? [Any] else { return [] }
        return values.compactMap { value in
            switch value {
            case let text as String: return text
            case let number as NSNumber: return number.stringValue
            case let name as [String: Any]: return name["Alphabetic"] as? String
            default: return nil
            }
        }
    }

    /// The first value of an attribute, or "".
    func string(_ tag: DICOMTag) -> String { strings(tag).first ?? "" }
}

/// Display forms of DICOM values.
enum AdminFormat {
    /// `20240131` → `2024-01-31`; other text unchanged.
    static func date(_ text: String) -> String {
        let digits = text.filter(\.isNumber)
        guard digits.count == 8, digits == text else { return text }
        let characters = Array(digits)
        return "\(String(characters[0..<4]))-\(String(characters[4..<6]))-\(String(characters[6..<8]))"
    }

    /// `DOE^JANE^^DR` → `DOE, JANE DR`.
    static func personName(_ text: String) -> String {
        let parts = text.split(separator: "^", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let family = parts.first else { return text }
        let rest = parts.dropFirst().filter { !$0.isEmpty }.joined(separator: " ")
        return rest.isEmpty ? family : "\(family), \(rest)"
    }

    /// `143015.123` → `14:30:15`.
    static func time(_ text: String) -> String {
        let digits = Array(text.prefix { $0.isNumber })
        guard digits.count >= 4 else { return text }
        var result = "\(String(digits[0..<2])):\(String(digits[2..<4]))"
        if digits.count >= 6 { result += ":\(String(digits[4..<6]))" }
        return result
    }

    /// A byte count as `12.3 MB`.
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// Percent-encodes a query value (RFC 3986 unreserved characters kept).
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
