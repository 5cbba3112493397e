/// A quick, allocation-free pre-check for "is this field name one of these?": the set of
/// (length, first letter) pairs of some lower-cased names. A name whose shape is not in the
/// set is none of them, whatever its case; one whose shape is may be, and is then compared
/// in full.
struct HeaderNameShapes: Sendable {
    /// Per lower-cased first byte, a bit per name length (lengths 1 to 63; longer names always
    /// "may" match).
    private var lengthsByFirstByte = [UInt64](repeating: 0, count: 256)

    /// The shapes of `lowercasedNames`.
    init(_ lowercasedNames: some Sequence<String>) {
        for name in lowercasedNames {
            guard let first = name.utf8.first else { continue }
            let length = name.utf8.count
            lengthsByFirstByte[Int(first)] |= length < 64 ? 1 << UInt64(length) : 1
        }
    }

    /// Whether `name` (in any case) may be one of the names.
    func mayContain(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        let length = name.utf8.count
        let lengths = lengthsByFirstByte[Int(HeaderName.lowered(first))]
        return length < 64 ? lengths & (1 << UInt64(length)) != 0 : lengths != 0
    }

    /// Whether `name` (in any case) has the shape of the lower-cased `other`.
    static func sameShape(_ name: String, _ other: String) -> Bool {
        name.utf8.count == other.utf8.count && name.utf8.first.map(HeaderName.lowered) == other.utf8.first
    }
}
