import ServiceSupport

/// A request path in the one canonical form the gateway uses for routing, for the
/// authentication decision and for forwarding alike.
///
/// From the raw request target: the query is split off (and forwarded untouched); the path
/// is percent-decoded exactly once (RFC 3986 §2.1); dot segments are removed (§5.2.4) and
/// empty segments collapsed. Whatever spelling a client uses — `/%70acs/`, `//pacs/`,
/// `/auth/..%2fpacs/`, `/viewer/./../pacs/` — the gateway sees, authorises and forwards the
/// same path, so an encoding trick cannot route a request one way and authorise it another.
/// Paths that cannot be meant honestly are refused: invalid escapes, NUL and control bytes,
/// backslashes (which some servers treat as `/`), invalid UTF-8, or a path that is not
/// origin-form.
public struct NormalizedPath: Sendable, Hashable, CustomStringConvertible {
    /// Why a request target was refused.
    public struct Invalid: Error, Sendable, Equatable {
        /// The reason, safe to show to the client.
        public var reason: String
    }

    /// Decoded segments, without empty or dot segments.
    public let segments: [String]
    /// Whether the path ends with `/` (kept: `/pacs-admin/` and `/pacs-admin` differ for relative links).
    public let hasTrailingSlash: Bool
    /// The raw query (without `?`), forwarded byte for byte; `nil` when absent.
    public let query: String?

    /// Longest request target accepted.
    public static let maximumLength = 8 * 1024

    /// Normalises a raw request target (`/path?query`).
    /// - Throws: ``Invalid`` for targets that are not origin-form or hide bytes that must not be in a path.
    public init(target: String) throws {
        guard target.utf8.count <= Self.maximumLength else { throw Invalid(reason: "request target too long") }
        let rawPath: Substring
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            rawPath = target[..<mark]
            query = String(target[target.utf8.index(after: mark)...])
        } else {
            rawPath = target[...]
            query = nil
        }
        guard rawPath.utf8.first == UInt8(ascii: "/") else { throw Invalid(reason: "request target must be a path") }
        var decoded = try Self.percentDecode(rawPath)
        var output: [String] = []
        output.reserveCapacity(8)  // one allocation for the usual path, not one per doubling
        // Segments between slashes, over the decoded bytes (valid UTF-8, and `/` never splits a
        // character); the decoded path starts with "/", so the first segment is empty.
        let lastIsDirectory = decoded.withUTF8 { bytes -> Bool in
            var start = 0
            while true {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
                let segment = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let isDot = segment.count == 1 && segment[0] == UInt8(ascii: ".")
                let isDotDot = segment.count == 2 && segment[0] == UInt8(ascii: ".") && segment[1] == UInt8(ascii: ".")
                if isDotDot {
                    _ = output.popLast()
                } else if !segment.isEmpty && !isDot {
                    output.append(String(decoding: segment, as: UTF8.self))
                }
                guard end < bytes.count else { return segment.isEmpty || isDot || isDotDot }
                start = end + 1
            }
        }
        segments = output
        hasTrailingSlash = !output.isEmpty && lastIsDirectory
    }

    /// Creates a path from decoded segments (the routing table strips prefixes this way).
    init(segments: [String], hasTrailingSlash: Bool, query: String?) {
        self.segments = segments
        self.hasTrailingSlash = hasTrailingSlash && !segments.isEmpty
        self.query = query
    }

    /// The decoded path, e.g. `/pacs/dicom-web/studies`.
    public var path: String {
        "/" + segments.joined(separator: "/") + (hasTrailingSlash ? "/" : "")
    }

    /// The path percent-encoded for the wire: every byte outside RFC 3986 `pchar` (minus
    /// `%`) is escaped, so a decoded `/` inside a segment can never reappear as a separator.
    public var encodedPath: String {
        var path = "/"
        path.reserveCapacity(segments.reduce(2) { $0 + $1.utf8.count + 1 })
        for (index, segment) in segments.enumerated() {
            if index > 0 { path += "/" }
            path += Self.percentEncode(segment)
        }
        if hasTrailingSlash { path += "/" }
        return path
    }

    /// `encodedPath` plus `?query` when there is one.
    public var encodedTarget: String {
        query.map { encodedPath + "?" + $0 } ?? encodedPath
    }

    public var description: String { path }

    /// Whether the path is `prefix` or lies below it, segment-wise (`/pacs` matches `/pacs/x`, not `/pacsx`).
    public func hasPrefix(_ prefix: [String]) -> Bool {
        segments.starts(with: prefix)
    }

    /// The path without its first `count` segments (for routes that strip their prefix).
    public func dropping(_ count: Int) -> NormalizedPath {
        let rest = Array(segments.dropFirst(count))
        return NormalizedPath(segments: rest, hasTrailingSlash: hasTrailingSlash, query: query)
    }

    static func percentDecode(_ raw: Substring) throws -> String {
        // Most paths hold neither escapes nor anything to refuse: they decode to themselves.
        if raw.utf8.allSatisfy({ $0 == UInt8(ascii: "/") || isPathCharacter($0) }) { return String(raw) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var input = raw.utf8[...]
        while let byte = input.popFirst() {
            var value = byte
            if byte == UInt8(ascii: "%") {
                guard input.count >= 2, let high = HexDigit.value(input[input.startIndex]), let low = HexDigit.value(input[input.index(after: input.startIndex)]) else {
                    throw Invalid(reason: "invalid percent-encoding in path")
                }
                value = high << 4 | low
                input = input.dropFirst(2)
            }
            guard value >= 0x20, value != 0x7F, value != UInt8(ascii: "\\") else {
                throw Invalid(reason: "path contains a forbidden character")
            }
            bytes.append(value)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Invalid(reason: "path is not valid UTF-8") }
        return text
    }

    static func percentEncode(_ segment: String) -> String {
        if segment.utf8.allSatisfy(isPathCharacter) { return segment }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.utf8.count)
        for byte in segment.utf8 {
            if isPathCharacter(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0x0F))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `byte` stands for itself in a path segment: RFC 3986 `pchar` without `%`.
    static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
            UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"):
            true
        default:
            false
        }
    }

    /// The upper-case hex digit for a value 0–15.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
