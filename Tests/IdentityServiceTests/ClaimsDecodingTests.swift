import Foundation
import Testing
@testable import IdentityService
import ServiceSupport

/// ``TokenClaims/init(jsonPayload:)`` decodes what `JSONDecoder` decodes and refuses what it refuses.
@Suite struct ClaimsDecodingTests {
    static func decoded(_ json: String) throws -> TokenClaims {
        try JSONDecoder().decode(TokenClaims.self, from: Data(json.utf8))
    }

    static func fullClaims() -> TokenClaims {
        var claims = TokenClaims(kind: .refresh, issuer: "https://x.org/auth/realms/a", clientID: "app", issuedAt: Date(), lifespan: 1800)
        claims.aud = .many(["b", "a"])
        claims.sub = SecureRandom.uuid().lowercasedText
        claims.sid = SecureRandom.uuid().lowercasedText
        claims.authTime = 17
        claims.nonce = "n\"o\\n\u{1}ce\n\t/é\u{1F600}\u{7F}"
        claims.atHash = "h"
        claims.acr = "1"
        claims.allowedOrigins = ["https://x.org", "http://y"]
        claims.realmAccess = RoleList(["z", "a"])
        claims.resourceAccess = ["pacs": RoleList(["read"]), "account": RoleList(["view", "manage"]), "empty": RoleList([])]
        claims.scope = "openid email"
        claims.emailVerified = false
        claims.name = "Ada \"L\" Łovelace"
        claims.preferredUsername = "ada"
        claims.givenName = "Ada"
        claims.familyName = "L"
        claims.email = "ada@x.org"
        claims.clientID = "app"
        return claims
    }

    @Test func decodesWhatTheIssuerWrites() throws {
        let minimal = TokenClaims(kind: .access, issuer: "i", clientID: "c", issuedAt: Date(), lifespan: 300)
        #expect(try TokenClaims(jsonPayload: minimal.jsonBytes()) == minimal)
        var full = Self.fullClaims()
        #expect(try TokenClaims(jsonPayload: full.jsonBytes()) == full)
        #expect(try TokenClaims(jsonPayload: full.jsonBytes()) == JSONDecoder().decode(TokenClaims.self, from: Data(full.jsonBytes())))
        full.aud = .one("only")
        #expect(try TokenClaims(jsonPayload: full.jsonBytes()) == full)
    }

    /// Other writers' JSON: whitespace, escapes (`\/`, `\u`, surrogate pairs), `null`,
    /// numbers with fraction or exponent, members in any order and unknown members of every kind.
    @Test(arguments: [
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"Bearer","azp":"a"}"#,
        #" { "azp" : "a" , "typ":"Refresh","iss":"https:\/\/x.org\/realms\/a","jti":"j","iat":1.0,"exp":2e3 } "#,
        #"{"exp":-5,"iat":0,"jti":"\u00e9\ud83d\ude00\n\"","iss":"i","typ":"t","azp":"a","sub":null,"aud":null,"scope":null}"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a","aud":"x","realm_access":{"roles":["r"],"extra":[1,{"a":null}]}}"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a","aud":[],"resource_access":{"c":{"roles":[]},"d":{"roles":["x","y"]}}}"#,
        #"{"x":{"y":[true,false,null,-1.5e-3,"s\\",{}]},"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a","email_verified":true}"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a","auth_time":12,"allowed-origins":["*"],"acr":"0","nonce":""}"#,
    ])
    func decodesLikeJSONDecoder(json: String) throws {
        #expect(try TokenClaims(jsonPayload: Array(json.utf8)) == Self.decoded(json))
    }

    /// What `JSONDecoder` refuses is refused too. (The reader is stricter in one way: a
    /// trailing comma, which `JSONDecoder` lets pass, is an error; no token writer emits one.)
    @Test(arguments: [
        "", "null", "[]", "{", #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t"}"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":null}"#,
        #"{"exp":"2","iat":1,"jti":"j","iss":"i","typ":"t","azp":"a"}"#,
        #"{"exp":2.5,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a"}"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a"} x"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a","sub":5}"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a","aud":5}"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a","realm_access":{}}"#,
        #"{"exp":2,"iat":1,"jti":"\x","iss":"i","typ":"t","azp":"a"}"#,
        #"{"exp":2,"iat":1,"jti":"\ud83d","iss":"i","typ":"t","azp":"a"}"#,
        #"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a","x":tru}"#,
        #"{"exp":02,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a"}"#,
        "{\"exp\":2,\"iat\":1,\"jti\":\"a\tb\",\"iss\":\"i\",\"typ\":\"t\",\"azp\":\"a\"}",
    ])
    func refusesWhatJSONDecoderRefuses(json: String) {
        #expect(throws: (any Error).self) { try Self.decoded(json) }
        #expect(throws: ClaimsJSONReader.Malformed.self) { try TokenClaims(jsonPayload: Array(json.utf8)) }
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        var bytes = Array(#"{"exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"#.utf8)
        bytes += [UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\""), UInt8(ascii: "}")]
        #expect(throws: ClaimsJSONReader.Malformed.self) { try TokenClaims(jsonPayload: bytes) }
        let deep = #"{"x":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
            + #","exp":2,"iat":1,"jti":"j","iss":"i","typ":"t","azp":"a"}"#
        #expect(throws: ClaimsJSONReader.Malformed.self) { try TokenClaims(jsonPayload: Array(deep.utf8)) }
    }
}

@Suite struct SecureRandomTests {
    @Test func uuidTextMatchesFoundation() throws {
        for _ in 0..<200 {
            let uuid = UUID()
            #expect(uuid.lowercasedText == uuid.uuidString.lowercased())
            #expect(UUID(text: uuid.uuidString) == uuid)
            #expect(UUID(text: uuid.lowercasedText) == uuid)
        }
        #expect(UUID(text: "00000000-0000-0000-0000-000000000000") == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        #expect(UUID(text: "FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF")?.lowercasedText == "ffffffff-ffff-ffff-ffff-ffffffffffff")
    }

    @Test(arguments: ["", "0", "e0f1c2d3-a4b5-4c6d-8e7f-8091a2b3c4d", "e0f1c2d3-a4b5-4c6d-8e7f-8091a2b3c4d5f",
                      "e0f1c2d3a-4b5-4c6d-8e7f-8091a2b3c4d5", "e0f1c2d3-a4b5-4c6d-8e7f_8091a2b3c4d5", "g0f1c2d3-a4b5-4c6d-8e7f-8091a2b3c4d5",
                      " e0f1c2d3-a4b5-4c6d-8e7f-8091a2b3c4d", "e0f1c2d3-a4b5-4c6d-8e7f-8091a2b3c4d5\0", "e0f1c2d3-a4b5-4c6d-8e7f-8091a2b3c4dé"])
    func uuidTextRefusesNonCanonicalText(text: String) {
        #expect(UUID(text: text) == nil)
    }

    @Test func uuidsAreVersion4AndDistinct() {
        var seen = Set<UUID>()
        for _ in 0..<1000 {
            let uuid = SecureRandom.uuid()
            #expect(uuid.uuid.6 >> 4 == 4)
            #expect(uuid.uuid.8 >> 6 == 0b10)
            seen.insert(uuid)
        }
        #expect(seen.count == 1000)
    }

    @Test(arguments: [0, 1, 15, 16, 17, 32, 100, 5000])
    func bytesHaveTheLengthAskedFor(count: Int) {
        let bytes = SecureRandom.bytes(count)
        #expect(bytes.count == count)
        if count >= 32 { #expect(Set(bytes).count > 1) }
        #expect(RandomToken.make(bytes: count).count == (count * 4 + 2) / 3)
    }
}
