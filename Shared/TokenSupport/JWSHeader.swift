import Foundation

/// The protected header of a compact JWS (RFC 7515 §4), read before any key is chosen.
struct JWSHeader: Sendable {
    /// `alg`.
    var algorithm: String
    /// `kid`, when present.
    var keyID: String?

    /// Largest compact token accepted.
    static let maximumTokenLength = 16 * 1024

    /// Parses the header of `compact`.
    /// - Throws: ``TokenError`` `.malformed` when the token is not three base64url parts,
    ///   the header is not a JSON object with a string `alg`, or it carries `crit`
    ///   (RFC 7515 §4.1.11: no extension is understood here, so such a token must be refused).
    init(compact: String) throws {
        guard compact.utf8.count <= Self.maximumTokenLength else { throw TokenError(.malformed, "token too long") }
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw TokenError(.malformed, parts.count == 5 ? "encrypted tokens are not accepted" : "token is not a compact JWS")
        }
        guard !parts[2].isEmpty else { throw TokenError(.disallowedAlgorithm, "unsigned tokens are not accepted") }
        guard let data = Self.base64URLDecode(parts[0]),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let alg = object["alg"] as? String
        else {
            throw TokenError(.malformed, "token header is not valid")
        }
        guard object["crit"] == nil else { throw TokenError(.malformed, "token header has critical extensions") }
        if let kid = object["kid"], !(kid is String) { throw TokenError(.malformed, "token key id is not a string") }
        algorithm = alg
        keyID = object["kid"] as? String
    }

    /// Decodes unpadded base64url (RFC 7515 §2); `nil` for anything else.
    static func base64URLDecode(_ text: Substring) -> Data? {
        guard text.utf8.allSatisfy({ byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default:
                false
            }
        }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
