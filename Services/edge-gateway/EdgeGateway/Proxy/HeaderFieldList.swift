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
    /// Calls `body` with each field's lower-cased name, its name as sent and its value, in order.
    func forEachField(_ body: (_ lowercasedName: String, _ name: String, _ value: String) -> Void)
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
    func forEachField(_ body: (String, String, String) -> Void) {
        for field in self { body(field.name.canonicalName, field.name.rawName, field.value) }
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

    func forEachField(_ body: (String, String, String) -> Void) {
        for (name, value) in self { body(HeaderName.lowercased(name), name, value) }
    }

    subscript(first name: HTTPField.Name) -> String? {
        get { first(name: name.rawName) }
        set {
            if let newValue { replaceOrAdd(name: name.rawName, value: newValue) } else { remove(name: name.rawName) }
        }
    }

    func values(_ name: HTTPField.Name) -> [String] {
        self[name.rawName]
    }

    mutating func append(name: String, value: String) {
        add(name: name, value: value)
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
                output[count] = isUpper(byte) ? byte | 0x20 : byte
                count += 1
            }
            return count
        }
    }

    /// Whether `name` equals `lowercasedName` ignoring ASCII case.
    static func matches(_ name: String, _ lowercasedName: String) -> Bool {
        let (a, b) = (name.utf8, lowercasedName.utf8)
        return a.count == b.count && zip(a, b).allSatisfy { (isUpper($0) ? $0 | 0x20 : $0) == $1 }
    }

    private static func isUpper(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
