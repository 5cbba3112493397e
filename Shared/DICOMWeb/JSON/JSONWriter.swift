/// A minimal append-only JSON byte writer (RFC 8259) used by the DICOM JSON encoder.
struct JSONWriter {
    var out: [UInt8] = []

    @inline(__always)
    mutating func byte(_ value: UInt8) { out.append(value) }

    /// Appends text that needs no escaping.
    @inline(__always)
    mutating func ascii(_ text: String) { out.append(contentsOf: text.utf8) }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends eight upper-case hex digits.
    mutating func hex8(_ value: UInt32) {
        var shift: UInt32 = 28
        while true {
            out.append(JSONWriter.hexDigits[Int(value >> shift & 0xF)])
            if shift == 0 { break }
            shift -= 4
        }
    }

    /// Appends a quoted, escaped JSON string.
    mutating func string(_ text: String) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(JSONWriter.hexDigits[Int(byte >> 4)])
                out.append(JSONWriter.hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends a number; NaN and infinities (not JSON numbers) as the strings "NaN", "Infinity", "-Infinity".
    mutating func number(_ value: Double) {
        if value.isNaN { string("NaN"); return }
        if value.isInfinite { string(value < 0 ? "-Infinity" : "Infinity"); return }
        if value == value.rounded(), abs(value) < 1e15 {
            ascii(String(Int64(value)))
            if value == 0 && value.sign == .minus { return }
            return
        }
        ascii(value.description)
    }

    /// Appends an IS/DS value as a JSON number; text that is not a number stays a string (PS3.18 §F.2.3.1).
    mutating func numericString(_ text: String, isInteger: Bool) {
        if text.isEmpty { ascii("null"); return }
        if JSONWriter.isJSONNumber(text) {
            if isInteger || !(text.contains(".") || text.contains("e") || text.contains("E")) {
                // Strip leading zeros that JSON forbids (e.g. "007") by round-tripping integers.
                if let integer = Int64(text) { ascii(String(integer)); return }
            }
            ascii(text)
            return
        }
        if isInteger, let integer = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            ascii(String(integer))
            return
        }
        if let double = Double(text), double.isFinite {
            number(double)
            return
        }
        string(text)
    }

    /// True when text matches the JSON number grammar (RFC 8259 §6).
    static func isJSONNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if index < bytes.count && bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { return false }
        if bytes[index] == 0x30 { index += 1 } else { while digit(index) { index += 1 } }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        return index == bytes.count
    }

    private static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends standard base64 (with padding) of the bytes.
    mutating func base64<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let table = JSONWriter.base64Alphabet
        out.reserveCapacity(out.count + (bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
            out.append(b1.map { table[Int(($0 & 0x0F) << 2 | (b2 ?? 0) >> 6)] } ?? UInt8(ascii: "="))
            out.append(b2.map { table[Int($0 & 0x3F)] } ?? UInt8(ascii: "="))
        }
    }
}
