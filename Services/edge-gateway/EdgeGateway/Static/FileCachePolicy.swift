/// `Cache-Control` for viewer files: never cache the entry points (`index.html`,
/// `app-config.js`) without revalidation, cache content-hashed assets for a year.
enum FileCachePolicy {
    static let revalidate = "no-cache"
    static let immutable = "public, max-age=31536000, immutable"
    static let short = "public, max-age=3600"

    /// The header for a file named `name`.
    static func header(forFileNamed name: String) -> String {
        if name == "index.html" || name == "app-config.js" || name.hasSuffix(".html") { return revalidate }
        return isHashed(name) ? immutable : short
    }

    /// Whether a file name carries a content hash (`main.3f2a9c1b.js`, `chunk-1a2b3c4d5e.css`):
    /// a part between `.`, `-` and `_`, not the last (the extension), of at least 8 hex digits
    /// with at least one decimal digit among them.
    static func isHashed(_ name: String) -> Bool {
        var confirmed = false  // a hashed part that is not the last one
        var previous = false  // the last complete part is hashed
        var length = 0, allHex = true, hasDigit = false
        func endPart() {
            guard length > 0 else { return }
            confirmed = confirmed || previous
            previous = length >= 8 && allHex && hasDigit
            (length, allHex, hasDigit) = (0, true, false)
        }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                endPart()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                length += 1
                hasDigit = true
            case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
                length += 1
            default:
                length += 1
                allHex = false
            }
        }
        endPart()
        return confirmed
    }
}
