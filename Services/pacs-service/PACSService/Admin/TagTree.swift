import DICOMCore

/// A data set as the instance page shows it: every element with tag, keyword, VR and a
/// readable value, sequences as nested items, private elements marked with their creator.
/// Values are decoded by DICOMCore (character sets, byte order); long values are shortened
/// and binary ones summarised, and the tree is capped so a hostile file cannot blow up a page.
struct TagTree {
    /// Most elements rendered over the whole tree.
    static let maximumRows = 20_000
    /// Characters of a text value shown.
    static let maximumText = 512
    /// Numbers of a binary numeric value shown.
    static let maximumNumbers = 32

    private var remaining = Self.maximumRows
    /// Whether the cap cut the tree short.
    private(set) var truncated = false

    /// The template rows of a data set (with its file meta group first when given).
    /// - Returns: Rows for the `tagrows` partial: `tag`, `keyword`, `vr`, `value`, `private`, `creator`, `sequence`, `items`.
    static func rows(meta: DataSet?, dataSet: DataSet) -> (rows: [[String: Any]], truncated: Bool) {
        var tree = TagTree()
        var rows = meta.map { tree.rows($0) } ?? []
        rows += tree.rows(dataSet)
        return (rows, tree.truncated)
    }

    private mutating func rows(_ dataSet: DataSet) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        for element in dataSet.elements {
            guard remaining > 0 else {
                truncated = true
                break
            }
            remaining -= 1
            rows.append(row(element, in: dataSet))
        }
        return rows
    }

    private mutating func row(_ element: DataElement, in dataSet: DataSet) -> [String: Any] {
        let tag = element.tag
        // Every key is always set: Mustache looks names up through enclosing rows otherwise.
        var row: [String: Any] = [
            "tag": "(\(hex(tag.group)),\(hex(tag.element)))", "vr": element.vr.rawValue, "private": tag.isPrivate, "creator": "",
            "sequence": false, "items": [[String: Any]](),
        ]
        if tag.isPrivate {
            if tag.isPrivateCreator {
                row["keyword"] = "PrivateCreator"
            } else if let creator = dataSet.privateCreator(of: tag) {
                row["creator"] = creator
                row["keyword"] = PrivateDictionary.entry(for: tag, creator: creator)?.name ?? "unknown private element"
            } else {
                row["keyword"] = "private element without creator"
            }
        } else if tag.isGroupLength {
            row["keyword"] = "GroupLength"
        } else {
            row["keyword"] = DataDictionary.entry(for: tag)?.keyword ?? "unknown"
        }
        if case .sequence(let items) = element.value {
            row["sequence"] = true
            row["value"] = items.count == 1 ? "1 item" : "\(items.count) items"
            row["items"] = items.enumerated().map { index, item in ["number": index + 1, "rows": rows(item)] as [String: Any] }
        } else {
            row["value"] = Self.value(element, in: dataSet)
        }
        return row
    }

    /// A readable value for a non-sequence element.
    static func value(_ element: DataElement, in dataSet: DataSet) -> String {
        switch element.value {
        case .sequence(let items):
            return "\(items.count) items"
        case .fragments(let pixels):
            return "encapsulated pixel data, \(pixels.fragments.count) fragment(s), \(pixels.fragments.reduce(0) { $0 + $1.count }) bytes"
        case .deferred(_, let length):
            return "\(length) bytes (not loaded)"
        case .bytes(let bytes):
            let vr = element.vr
            if vr.isString {
                let values = dataSet.strings(of: element) ?? []
                var text = values.joined(separator: "\\")
                if vr == .UI, values.count == 1, let name = UIDDictionary.entry(for: values[0])?.name { text += " (\(name))" }
                return shorten(text)
            }
            switch vr {
            case .US, .SS, .UL, .SL, .SV, .UV:
                return numbers(BinaryValues.integers(bytes, vr: vr, littleEndian: dataSet.isLittleEndian).map { String($0) })
            case .FL, .FD:
                return numbers(BinaryValues.floats(bytes, vr: vr, littleEndian: dataSet.isLittleEndian).map { String($0) })
            case .AT:
                return numbers(BinaryValues.tags(bytes, littleEndian: dataSet.isLittleEndian).map { "(\(hex($0.group)),\(hex($0.element)))" })
            default:
                let preview = bytes.prefix(16).map { hex2($0) }.joined(separator: " ")
                return "\(bytes.count) bytes" + (bytes.isEmpty ? "" : ": \(preview)\(bytes.count > 16 ? " …" : "")")
            }
        }
    }

    private static func numbers(_ values: [String]) -> String {
        let shown = values.prefix(maximumNumbers).joined(separator: "\\")
        return values.count > maximumNumbers ? "\(shown) … (\(values.count) values)" : shown
    }

    private static func shorten(_ text: String) -> String {
        text.count > maximumText ? String(text.prefix(maximumText)) + " … (\(text.count) characters)" : text
    }
}

private func hex(_ value: UInt16) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - text.count) + text
}

private func hex2(_ value: UInt8) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return text.count == 1 ? "0" + text : text
}
