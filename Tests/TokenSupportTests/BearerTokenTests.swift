@testable import TokenTestSupport
import Testing
@testable import TokenSupport

/// RFC 6750 §2.1 header parsing.
@Suite struct BearerTokenTests {
    @Test(arguments: ["Bearer abc.def-ghi_jkl~+/==", "bearer abc", "BEARER   abc"])
    func acceptsWellFormedHeaders(header: String) throws {
        let token = try BearerToken(authorization: header)
        #expect(!token.value.isEmpty)
        #expect(!token.value.hasPrefix(" "))
    }

    @Test(arguments: [nil, "", "Basic dXNlcjpwYXNz", "Bearerabc", "Token abc"] as [String?])
    func treatsOtherSchemesAsMissing(header: String?) {
        #expect(throws: TokenError(.missing, "no bearer token")) { try BearerToken(authorization: header) }
    }

    @Test(arguments: ["Bearer ", "Bearer a b", "Bearer a=b", "Bearer a\u{0}b", "Bearer é", "Bearer " + String(repeating: "a", count: 20000)])
    func refusesMalformedBearerHeaders(header: String) throws {
        let error = try #require(throws: TokenError.self) { try BearerToken(authorization: header) }
        #expect(error.code == .malformed)
    }
}
