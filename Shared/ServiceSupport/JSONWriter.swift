/// Writes JSON straight into UTF-8 bytes for hot paths — identity's token claims, token
/// responses and introspection answers, and every JSON log line: objects and arrays built by
/// closures, absent (nil) members omitted, strings escaped as RFC 8259 §7 requires (slashes
/// left alone). Foundation's `JSONEncoder` costs several times the rest of building a token,
/// and `JSONSerialization`'s sorted keys compare through ICU.
public struct JSONWriter {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether the innermost open object or array has no member or element yet.
    private var empty: [Bool] = []

    /// Creates a writer; reserve room for the usual output size.
    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    /// Writes one object; `members` adds its members.
    public static func object(capacity: Int = 512, _ members: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        writer.object(members)
        return writer.bytes
    }

    /// Writes an object value (at the top level or after a key).
    public mutating func object(_ members: (inout JSONWriter) -> Void) {
        enclosed(UInt8(ascii: "{"), UInt8(ascii: "}"), members)
    }

    /// A string member; nil is omitted.
    public mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }

    /// An integer member; nil is omitted.
    public mutating func member(_ key: String, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A boolean member; nil is omitted.
    public mutating func member(_ key: String, _ value: Bool?) {
        guard let value else { return }
        self.key(key)
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    /// A string-array member; nil is omitted.
    public mutating func member(_ key: String, _ values: [String]?) {
        guard let values else { return }
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An object member.
    public mutating func member(_ key: String, _ members: (inout JSONWriter) -> Void) {
        self.key(key)
        object(members)
    }

    /// An array member; `elements` adds its elements.
    public mutating func arrayMember(_ key: String, _ elements: (inout JSONWriter) -> Void) {
        self.key(key)
        array(elements)
    }

    /// A string element of the innermost open array.
    public mutating func element(_ value: String) {
        separate()
        string(value)
    }

    /// An object element of the innermost open array.
    public mutating func element(object members: (inout JSONWriter) -> Void) {
        separate()
        object(members)
    }

    /// An array element of the innermost open array.
    public mutating func element(array elements: (inout JSONWriter) -> Void) {
        separate()
        array(elements)
    }

    private mutating func array(_ elements: (inout JSONWriter) -> Void) {
        enclosed(UInt8(ascii: "["), UInt8(ascii: "]"), elements)
    }

    /// An object or array: `open`, what `body` writes, `close`.
    private mutating func enclosed(_ open: UInt8, _ close: UInt8, _ body: (inout JSONWriter) -> Void) {
        bytes.append(open)
        empty.append(true)
        body(&self)
        empty.removeLast()
        bytes.append(close)
    }

    private mutating func key(_ key: String) {
        separate()
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A comma unless this is the first member or element of the innermost object or array.
    private mutating func separate() {
        if empty[empty.count - 1] {
            empty[empty.count - 1] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }

    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Runs that need no escaping (all of a token, nearly all of anything else) are
            // copied whole; only the bytes RFC 8259 §7 requires to be escaped are written one by one.
            var runStart = 0
            var index = 0
            let needsEscape = Self.needsEscape
            while index < utf8.count {
                // Eight bytes at a time while none of them can need escaping.
                if index + 8 <= utf8.count,
                   !Self.mayNeedEscape(UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self))
                {
                    index += 8
                    continue
                }
                if needsEscape[Int(utf8[index])] {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    escape(utf8[index])
                    runStart = index + 1
                }
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
        case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
        case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
        case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
        case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
        case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
        default:
            bytes.append(contentsOf: #"\u00"#.utf8)
            bytes.append(Self.hex[Int(byte >> 4)])
            bytes.append(Self.hex[Int(byte & 0x0F)])
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Whether one of the eight bytes of `word` may need escaping: a control character, `"`
    /// or `\` (never false when one does; the bytes are then checked one by one).
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        /// Whether a byte of `value` is below `limit` (at most 0x80), the classic SWAR test.
        func hasByte(below limit: UInt64, in value: UInt64) -> Bool { (value &- ones &* limit) & ~value & highBits != 0 }
        return hasByte(below: 0x20, in: word) || hasByte(below: 1, in: word ^ (ones &* 0x22)) || hasByte(below: 1, in: word ^ (ones &* 0x5C))
    }

    /// Per byte value, whether a JSON string must escape it: control characters, `"` and `\`
    /// (one table look-up per byte of a token, instead of three comparisons).
    private static let needsEscape: [Bool] = (0...255).map { $0 < 0x20 || $0 == Int(UInt8(ascii: "\"")) || $0 == Int(UInt8(ascii: "\\")) }
}
