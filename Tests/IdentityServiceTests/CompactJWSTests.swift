import Testing
@testable import IdentityService

/// Splitting a compact JWS into its three segments, before anything in it is trusted.
@Suite struct CompactJWSTests {
    @Test func threeSegmentsAreSplitAtTheirDots() throws {
        let jws = try #require(CompactJWS("aGVhZA.cGF5bG9hZA.c2ln"))
        #expect(jws.header == "aGVhZA")
        #expect(jws.payload == "cGF5bG9hZA")
        #expect(jws.signingInput == "aGVhZA.cGF5bG9hZA")
        #expect(jws.signature == "c2ln")
    }

    @Test func emptySegmentsKeepTheirPlace() throws {
        let jws = try #require(CompactJWS(".."))
        #expect(jws.header.isEmpty && jws.payload.isEmpty && jws.signature.isEmpty)
        #expect(jws.signingInput == ".")
    }

    @Test(arguments: ["", "abc", "a.b", "a.b.c.d", "....", "a..b.", "é.ü.ß.x"])
    func anythingButThreeSegmentsIsRefused(token: String) {
        #expect(CompactJWS(token) == nil)
    }

    @Test func nonASCIISegmentsAreSplitAtTheRightCharacters() throws {
        let jws = try #require(CompactJWS("é.ü.ß"))
        #expect(jws.header == "é")
        #expect(jws.payload == "ü")
        #expect(jws.signature == "ß")
    }
}
