@testable import TokenTestSupport
import Foundation
import Testing
@testable import TokenSupport

/// The small pieces: back-channel URL mapping, form encoding, the bounded cache.
@Suite struct SupportTypesTests {
    @Test func backchannelURLsReplaceThePublicIssuerOnEveryReplica() {
        let location = IssuerLocation(
            issuer: "https://imaging.example.org/auth/realms/ohif/",
            backchannelBases: ["http://id-1:8081/realms/ohif", "http://id-2:8081/realms/ohif/"])
        #expect(location.discoveryURLs == [
            "http://id-1:8081/realms/ohif/.well-known/openid-configuration",
            "http://id-2:8081/realms/ohif/.well-known/openid-configuration",
        ])
        #expect(location.backchannelURLs(for: "https://imaging.example.org/auth/realms/ohif/protocol/openid-connect/certs")
            == ["http://id-1:8081/realms/ohif/protocol/openid-connect/certs", "http://id-2:8081/realms/ohif/protocol/openid-connect/certs"])
        // A look-alike prefix is not the issuer.
        #expect(location.backchannelURLs(for: "https://imaging.example.org/auth/realms/ohif-evil/certs")
            == ["https://imaging.example.org/auth/realms/ohif-evil/certs"])
    }

    @Test func formEncodingRoundTrips() {
        let fields = [("token", "a+b/c=d"), ("client secret", "ä & ü"), ("empty", "")]
        let encoded = FormEncoding.encode(fields)
        #expect(encoded == "token=a%2Bb%2Fc%3Dd&client+secret=%C3%A4+%26+%C3%BC&empty=")
        let decoded = FormEncoding.decode(encoded)
        #expect(decoded.map(\.0) == fields.map(\.0))
        #expect(decoded.map(\.1) == fields.map(\.1))
    }

    @Test func cacheDropsExpiredEntriesAndStaysBounded() {
        let cache = ExpiringCache<Int, String>(capacity: 8)
        let now = Date()
        cache.insert("gone", for: -1, expiresAt: now.addingTimeInterval(-1), now: now)
        #expect(cache.value(for: -1, now: now) == nil)
        for index in 0..<100 {
            cache.insert("v\(index)", for: index, expiresAt: now.addingTimeInterval(Double(index + 1)), now: now)
            #expect(cache.count <= 8)
        }
        // The latest insert is always kept; the soonest-expiring were evicted.
        #expect(cache.value(for: 99, now: now) == "v99")
        #expect(cache.value(for: 0, now: now) == nil)
        #expect(cache.value(for: 99, now: now.addingTimeInterval(101)) == nil)
    }
}
