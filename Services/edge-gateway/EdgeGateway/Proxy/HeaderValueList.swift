/// The elements of a comma-separated field value (RFC 9110 §5.6.1) and their `;` parameters,
/// read over the value's bytes: no substrings, no Foundation trimming (which went through
/// `NSString` and cost thousands of instructions per request).
enum HeaderValueList {
    /// Some bytes of a field value.
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// Calls `body` with each element of `value` split at `separator`, optional whitespace (SP,
    /// HTAB) trimmed; empty elements are skipped when `skippingEmpty`.
    static func forEachElement(of value: Bytes, separator: UInt8, skippingEmpty: Bool = true, _ body: (Bytes) -> Void) {
        var start = value.startIndex
        while start <= value.endIndex {
            let end = value[start...].firstIndex(of: separator) ?? value.endIndex
            let element = trimmed(value[start..<end])
            if !(skippingEmpty && element.isEmpty) { body(element) }
            start = end + 1
        }
    }

    /// Calls `body` with each non-empty element of the comma-separated `value`.
    static func forEachElement(of value: String, _ body: (Bytes) -> Void) {
        var value = value
        value.withUTF8 { forEachElement(of: $0[...], separator: UInt8(ascii: ","), body) }
    }

    /// `bytes` without leading and trailing SP and HTAB.
    static func trimmed(_ bytes: Bytes) -> Bytes {
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }), let last = bytes.lastIndex(where: { !isWhitespace($0) }) else {
            return bytes[bytes.endIndex...]
        }
        return bytes[first...last]
    }

    /// Whether `bytes` equal the lower-case ASCII `lowercased`, ignoring ASCII case.
    static func equals(_ bytes: Bytes, lowercased: StaticString) -> Bool {
        guard bytes.count == lowercased.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: lowercased.utf8Start, count: lowercased.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { HeaderName.lowered($0) == $1 }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
