/// Reads the JSON (RFC 8259) of token payloads from UTF-8 bytes: objects member by member,
/// strings, integers, booleans, `null` and arrays of strings; any other value can be skipped.
/// Only what ``TokenClaims/init(jsonPayload:)`` needs, and strict about the rest: malformed
/// JSON, invalid UTF-8, lone surrogates and nesting deeper than ``maximumDepth`` are errors.
struct ClaimsJSONReader {
    /// The bytes are not the JSON value asked for.
    struct Malformed: Error {}

    /// Deepest nesting a skipped value may have.
    static let maximumDepth = 32

    private let bytes: [UInt8]
    private var index = 0

    /// A reader at the start of `bytes`.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Reads an object, calling `member` with the reader positioned at each member's value
    /// (which it must read or skip).
    mutating func object(_ member: (inout ClaimsJSONReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            let name = try string()
            try expect(UInt8(ascii: ":"))
            try member(&self, name)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// nil for `null`, else what `read` reads.
    mutating func optional<Value>(_ read: (inout ClaimsJSONReader) throws -> Value) throws -> Value? {
        skipWhitespace()
        if bytes[index...].starts(with: Self.null) {
            index += Self.null.count
            return nil
        }
        return try read(&self)
    }

    /// Reads a string, unescaping it.
    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        var highBits: UInt8 = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            highBits |= bytes[index]
            index += 1
        }
        guard index < bytes.count else { throw Malformed() }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            // ASCII (every claim Tessera writes but names) is valid UTF-8 as it stands, and
            // `String(decoding:)` is much cheaper than the generic `String(validating:)`.
            if highBits < 0x80 { return String(decoding: bytes[start..<index - 1], as: UTF8.self) }
            guard let string = String(validating: bytes[start..<index - 1], as: UTF8.self) else { throw Malformed() }
            return string
        }
        var text = Array(bytes[start..<index])
        while bytes[index] != UInt8(ascii: "\"") {
            let byte = bytes[index]
            index += 1
            guard byte >= 0x20 else { throw Malformed() }
            if byte == UInt8(ascii: "\\") { try unescape(into: &text) } else { text.append(byte) }
            guard index < bytes.count else { throw Malformed() }
        }
        index += 1
        guard let string = String(validating: text, as: UTF8.self) else { throw Malformed() }
        return string
    }

    /// Reads a number that is an integer (`12`, `-3`, also `1.0` or `1e3`).
    mutating func int() throws -> Int {
        skipWhitespace()
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard index > digits, bytes[digits] != UInt8(ascii: "0") || index == digits + 1 else { throw Malformed() }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            index = start
            try skipNumber()
            guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), let exact = Int(exactly: value) else {
                throw Malformed()
            }
            return exact
        }
        guard let value = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else { throw Malformed() }
        return value
    }

    /// Reads `true` or `false`.
    mutating func bool() throws -> Bool {
        skipWhitespace()
        if bytes[index...].starts(with: Self.true) {
            index += Self.true.count
            return true
        }
        guard bytes[index...].starts(with: Self.false) else { throw Malformed() }
        index += Self.false.count
        return false
    }

    /// Reads an array of strings.
    mutating func strings() throws -> [String] {
        try expect(UInt8(ascii: "["))
        var result: [String] = []
        if consume(UInt8(ascii: "]")) { return result }
        repeat { result.append(try string()) } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return result
    }

    /// Reads `aud`: a string or an array of strings.
    mutating func audience() throws -> Audience {
        skipWhitespace()
        return index < bytes.count && bytes[index] == UInt8(ascii: "\"") ? .one(try string()) : .many(try strings())
    }

    /// Reads `{"roles": [...]}`.
    mutating func roleList() throws -> RoleList {
        var roles: [String]?
        try object { reader, name in
            if name == "roles" { roles = try reader.strings() } else { try reader.skipValue() }
        }
        guard let roles else { throw Malformed() }
        var list = RoleList([])
        list.roles = roles
        return list
    }

    /// Skips any one value.
    mutating func skipValue(depth: Int = 0) throws {
        guard depth < Self.maximumDepth else { throw Malformed() }
        skipWhitespace()
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"):
            try object { reader, _ in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            index += 1
            if consume(UInt8(ascii: "]")) { return }
            repeat { try skipValue(depth: depth + 1) } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            guard try optional({ _ in () }) == nil else { throw Malformed() }
        default:
            try skipNumber()
        }
    }

    /// Checks that only whitespace follows.
    mutating func end() throws {
        skipWhitespace()
        guard index == bytes.count else { throw Malformed() }
    }

    // MARK: - Bytes

    private static let null = Array("null".utf8)
    private static let `true` = Array("true".utf8)
    private static let `false` = Array("false".utf8)

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard consume(byte) else { throw Malformed() }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `-? int frac? exp?` (RFC 8259 §6).
    private mutating func skipNumber() throws {
        func digits() throws {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > start else { throw Malformed() }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        try digits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            try digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
    }

    /// After a backslash: appends the escaped character's UTF-8.
    private mutating func unescape(into text: inout [UInt8]) throws {
        guard index < bytes.count else { throw Malformed() }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800..<0xDC00).contains(scalar) {
                guard bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else { throw Malformed() }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00..<0xE000).contains(low) else { throw Malformed() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let character = Unicode.Scalar(scalar) else { throw Malformed() }
            text.append(contentsOf: UTF8.encode(character)!)
        default:
            throw Malformed()
        }
    }

    private mutating func hex4() throws -> UInt16 {
        guard index + 4 <= bytes.count else { throw Malformed() }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: throw Malformed()
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
