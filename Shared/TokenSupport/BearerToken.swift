/// A bearer access token taken from an `Authorization` header (RFC 6750 §2.1).
public struct BearerToken: Sendable, Hashable {
    /// The token text (a `b64token`).
    public let value: String

    /// Longest token accepted; longer headers are refused before any parsing work.
    public static let maximumLength = 16 * 1024

    /// Parses `Authorization: Bearer <b64token>`.
    ///
    /// RFC 6750 §2.1: the scheme is case-insensitive, followed by one or more spaces and
    /// `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
    /// - Parameter header: The header value, or `nil` when the header is absent.
    /// - Returns: The token.
    /// - Throws: ``TokenError`` `.missing` when there is no header or another scheme is used,
    ///   `.malformed` when a Bearer header is not well-formed or too long.
    public init(authorization header: String?) throws {
        guard let header, !header.isEmpty else { throw TokenError(.missing, "no bearer token") }
        guard header.utf8.count <= Self.maximumLength + 16 else { throw TokenError(.malformed, "authorization header too long") }
        let bytes = Array(header.utf8)
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count,
              zip(bytes, scheme).allSatisfy({ Self.lowercased($0) == $1 }),
              bytes[scheme.count] == UInt8(ascii: " ")
        else {
            // Another scheme (e.g. Basic): for RFC 6750 this request carries no bearer credentials.
            throw TokenError(.missing, "no bearer token")
        }
        let token = bytes[scheme.count...].drop(while: { $0 == UInt8(ascii: " ") })
        guard Self.isB64Token(token) else { throw TokenError(.malformed, "bearer token is not a valid b64token") }
        value = String(decoding: token, as: UTF8.self)
    }

    /// Wraps a token taken from elsewhere (e.g. a session cookie).
    public init(_ value: String) {
        self.value = value
    }

    static func isB64Token(_ token: ArraySlice<UInt8>) -> Bool {
        guard !token.isEmpty, token.count <= maximumLength else { return false }
        var seenPadding = false
        var body = 0
        for byte in token {
            if byte == UInt8(ascii: "=") {
                seenPadding = true
                continue
            }
            guard !seenPadding else { return false }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                body += 1
            default:
                return false
            }
        }
        return body > 0
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
