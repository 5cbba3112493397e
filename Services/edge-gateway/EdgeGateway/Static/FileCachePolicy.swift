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

    /// Whether a file name carries a content hash (`main.3f2a9c1b.js`, `chunk-1a2b3c4d5e.css`).
    static func isHashed(_ name: String) -> Bool {
        let components = name.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" }).dropLast()
        return components.contains { part in
            part.count >= 8 && part.allSatisfy(\.isHexDigit) && part.contains(where: \.isNumber)
        }
    }
}
