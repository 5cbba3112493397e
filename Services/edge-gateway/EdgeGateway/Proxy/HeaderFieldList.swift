import HTTPTypes
import NIOHTTP1

/// The two header containers the gateway works on: swift-http-types' `HTTPFields` (requests
/// and answers of the full path, through Hummingbird) and NIO's `HTTPHeaders` (the direct
/// path, which never converts). Each header rule — forwarding, hop-by-hop, security headers,
/// gzip — is written once, generic over this protocol, so both paths apply the same rules.
///
/// Names are matched case-insensitively, as HTTP requires.
protocol HeaderFieldList {
    init()
    mutating func reserveCapacity(_ minimumCapacity: Int)
    /// Calls `body` with each field's name as sent and its value, in order.
    func forEachField(_ body: (_ name: String, _ value: String) -> Void)
    /// The first value of `name`; setting replaces every field of that name (`nil` removes them).
    subscript(first name: HTTPField.Name) -> String? { get set }
    /// Every value of `name`, in order (list values are not split).
    func values(_ name: HTTPField.Name) -> [String]
    /// Adds a field after the others; `name` is a valid field name (one read from a parsed message).
    mutating func append(name: String, value: String)
}

extension HeaderFieldList {
    /// Adds a field after the others.
    mutating func append(_ name: HTTPField.Name, _ value: String) {
        append(name: name.rawName, value: value)
    }
}

extension HTTPFields: HeaderFieldList {
    func forEachField(_ body: (String, String) -> Void) {
        for field in self { body(field.name.rawName, field.value) }
    }

    subscript(first name: HTTPField.Name) -> String? {
        get { self[name] }
        set { self[name] = newValue }
    }

    func values(_ name: HTTPField.Name) -> [String] {
        self[values: name]
    }

    mutating func append(name: String, value: String) {
        guard let fieldName = HTTPField.Name(name) else { return }
        append(HTTPField(name: fieldName, value: value))
    }
}

extension HTTPHeaders: HeaderFieldList {
    init() {
        self.init([])
    }

    func forEachField(_ body: (String, String) -> Void) {
        for (name, value) in self { body(name, value) }
    }

    subscript(first name: HTTPField.Name) -> String? {
        get { firstValue(name.canonicalName) }
        set {
            if let newValue { replaceOrAdd(name: name.rawName, value: newValue) } else { remove(name: name.rawName) }
        }
    }

    func values(_ name: HTTPField.Name) -> [String] {
        let lowercasedName = name.canonicalName
        return compactMap { HeaderName.matches($0.name, lowercasedName) ? $0.value : nil }
    }

    mutating func append(name: String, value: String) {
        add(name: name, value: value)
    }
}

/// Lookups by a lower-cased name with ``HeaderName/matches(_:_:)``, a byte comparison, where
/// NIO's own (`first(name:)`, `contains(name:)`) compare through generic UTF-8 view
/// iterators at several times the cost.
extension HTTPHeaders {
    /// The first value of the field named `lowercasedName` (in any case).
    func firstValue(_ lowercasedName: String) -> String? {
        first { HeaderName.matches($0.name, lowercasedName) }?.value
    }

    /// Whether a `Content-Length` or `Transfer-Encoding` field is present (one pass).
    var announcesBody: Bool {
        contains { HeaderName.isFraming($0.name) }
    }
}

/// ASCII case folding for header names.
enum HeaderName {
    /// `name` in lower case; the same string, uncopied, when it has no upper-case letter.
    static func lowercased(_ name: String) -> String {
        let utf8 = name.utf8
        guard utf8.contains(where: isUpper) else { return name }
        return String(unsafeUninitializedCapacity: utf8.count) { output in
            var count = 0
            for byte in utf8 {
                output[count] = lowered(byte)
                count += 1
            }
            return count
        }
    }

    /// Whether `name` equals `lowercasedName` ignoring ASCII case.
    static func matches(_ name: String, _ lowercasedName: String) -> Bool {
        let (a, b) = (name.utf8, lowercasedName.utf8)
        guard a.count == b.count else { return false }
        // Byte by byte over the strings' contiguous UTF-8 (what native strings have); the
        // generic zip of the two views cost several times more per call.
        let compared = a.withContiguousStorageIfAvailable { a in
            b.withContiguousStorageIfAvailable { b in
                for index in a.indices where lowered(a[index]) != b[index] { return false }
                return true
            }
        }
        if let compared = compared ?? nil { return compared }
        return zip(a, b).allSatisfy { lowered($0) == $1 }
    }

    /// Whether `name` (in any case) is `Content-Length` or `Transfer-Encoding`, the fields that
    /// announce a body.
    static func isFraming(_ name: String) -> Bool {
        switch name.utf8.count {
        case 14: matches(name, "content-length")
        case 17: matches(name, "transfer-encoding")
        default: false
        }
    }

    /// `byte` with an ASCII upper-case letter lowered (the one case folding of the gateway's
    /// header code).
    static func lowered(_ byte: UInt8) -> UInt8 {
        isUpper(byte) ? byte | 0x20 : byte
    }

    private static func isUpper(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
