@testable import TokenTestSupport
import HTTPTypes
import NIOHTTP1
import Testing
@testable import EdgeGateway

/// Which headers travel upstream.
@Suite struct ForwardingPolicyTests {
    let origin = ForwardingPolicy.Origin(peer: "203.0.113.7", scheme: "https", host: "imaging.example.org", requestID: "req-1")

    func fields(_ pairs: [(String, String)]) -> HTTPFields {
        HTTPFields(pairs.map { HTTPField(name: HTTPField.Name($0.0)!, value: $0.1) })
    }

    @Test func untrustedPeersCannotSpoofForwardingOrIdentityHeaders() {
        let policy = ForwardingPolicy()
        let incoming = fields([
            ("X-Forwarded-For", "10.0.0.1"), ("X-Forwarded-Proto", "http"), ("X-Forwarded-Host", "evil"), ("X-Real-IP", "10.0.0.1"),
            ("Forwarded", "for=10.0.0.1"), ("X-User", "admin"), ("X-Forwarded-User", "admin"), ("X-Request-Id", "forged"),
            ("Accept", "application/dicom+json"), ("Authorization", "Bearer abc"),
        ])
        let out = policy.upstreamFields(incoming, origin: origin, strippedPrefix: "/pacs")
        #expect(out[.xForwardedFor] == "203.0.113.7")
        #expect(out[.xForwardedProto] == "https")
        #expect(out[.xForwardedHost] == "imaging.example.org")
        #expect(out[.xRealIP] == "203.0.113.7")
        #expect(out[.xForwardedPrefix] == "/pacs")
        #expect(out[HTTPField.Name("X-Request-Id")!] == "req-1")
        #expect(out[HTTPField.Name("Forwarded")!] == nil)
        #expect(out[.xUser] == nil)
        #expect(out[HTTPField.Name("X-Forwarded-User")!] == nil)
        #expect(out[.accept] == "application/dicom+json")
        #expect(out[.authorization] == "Bearer abc")
    }

    @Test func trustedProxiesExtendTheChain() throws {
        let policy = ForwardingPolicy(trustedProxies: [try #require(IPAddressRange("203.0.113.0/24"))])
        let incoming = fields([("X-Forwarded-For", "198.51.100.9, 203.0.113.5"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "public.example")])
        let out = policy.upstreamFields(incoming, origin: origin, strippedPrefix: nil)
        #expect(out[.xForwardedFor] == "198.51.100.9, 203.0.113.5, 203.0.113.7")
        #expect(out[values: .xForwardedFor].count == 1 && out[values: .xForwardedProto] == ["https"])
        #expect(out[.xForwardedHost] == "public.example")
        #expect(out[.xRealIP] == "198.51.100.9")
        #expect(out[.xForwardedPrefix] == nil)
    }

    @Test func hopByHopAndConnectionNamedHeadersAreRemoved() {
        let incoming = fields([
            ("Connection", "keep-alive, X-Secret-Hop"), ("Keep-Alive", "timeout=5"), ("X-Secret-Hop", "1"), ("TE", "trailers"),
            ("Upgrade", "websocket"), ("Proxy-Authorization", "Basic x"), ("Transfer-Encoding", "chunked"), ("X-Keep", "yes"),
        ])
        let out = ForwardingPolicy().upstreamFields(incoming, origin: origin, strippedPrefix: nil)
        for name in ["Connection", "Keep-Alive", "X-Secret-Hop", "TE", "Upgrade", "Proxy-Authorization", "Transfer-Encoding"] {
            #expect(out[HTTPField.Name(name)!] == nil, "\(name) must not be forwarded")
        }
        #expect(out[HTTPField.Name("X-Keep")!] == "yes")
    }

    /// The full path works on swift-http-types' fields, the direct path on NIO's headers:
    /// the same rules must give the same upstream headers from both, whatever the names' case.
    @Test func bothHeaderContainersGetTheSameUpstreamHeaders() throws {
        let pairs = [
            ("Host", "imaging.example.org"), ("CONNECTION", "Keep-Alive, x-secret-hop"), ("keep-alive", "timeout=5"), ("X-SECRET-HOP", "1"),
            ("x-user", "admin"), ("X-Forwarded-For", "10.0.0.1"), ("X-REQUEST-ID", "forged"), ("Accept", "application/dicom+json"),
            ("authorization", "Bearer abc"), ("X-Custom", "a"), ("x-custom", "b"), ("Te", "trailers"),
        ]
        for policy in [ForwardingPolicy(), ForwardingPolicy(trustedProxies: [try #require(IPAddressRange("203.0.113.0/24"))])] {
            let viaFields = policy.upstreamFields(fields(pairs), origin: origin, strippedPrefix: "/pacs")
            var viaHeaders = HTTPHeaders()
            policy.upstreamFields(HTTPHeaders(pairs), origin: origin, strippedPrefix: "/pacs", into: &viaHeaders)
            var viaArray = HeaderArray()
            policy.upstreamFields(HTTPHeaders(pairs), origin: origin, strippedPrefix: "/pacs", into: &viaArray)
            // Fields of one name keep their order; the order between names carries no meaning.
            let fromFields = Dictionary(grouping: viaFields.map { ($0.name.canonicalName, $0.value) }, by: \.0).mapValues { $0.map(\.1) }
            let fromHeaders = Dictionary(grouping: viaHeaders.map { ($0.name.lowercased(), $0.value) }, by: \.0).mapValues { $0.map(\.1) }
            let fromArray = Dictionary(grouping: viaArray.headers.map { ($0.name.lowercased(), $0.value) }, by: \.0).mapValues { $0.map(\.1) }
            #expect(fromFields == fromHeaders)
            #expect(fromArray == fromHeaders)
            #expect(fromFields.count == 9)
            #expect(viaHeaders["X-Secret-Hop"].isEmpty && viaHeaders["Te"].isEmpty && viaHeaders["x-user"].isEmpty)
            #expect(viaHeaders["x-custom"] == ["a", "b"])
        }
    }

    /// The shape pre-check never hides a name it holds, whatever the case or length, and
    /// identity headers configured after the policy was made are dropped too.
    @Test func nameShapesLetOnlyOtherNamesThroughUnchecked() {
        let long = "x-" + String(repeating: "a", count: 70)
        let shapes = HeaderNameShapes(["x-user", "te", long])
        #expect(shapes.mayContain("X-USER") && shapes.mayContain("x-user") && shapes.mayContain("Te") && shapes.mayContain(long.uppercased()))
        #expect(!shapes.mayContain("Accept") && !shapes.mayContain("x-use") && !shapes.mayContain("") && !shapes.mayContain("T"))
        #expect(HeaderNameShapes.sameShape("X-Hop", "x-hop") && !HeaderNameShapes.sameShape("X-Hops", "x-hop"))
        var policy = ForwardingPolicy()
        policy.identityHeaders.insert("x-tenant")
        policy.identityHeaders.insert(long)
        let out = policy.upstreamFields(
            fields([("X-TENANT", "other"), (long.uppercased(), "1"), ("X-Tenants", "kept"), ("Connection", "x-hop"), ("X-HOP", "1")]),
            origin: origin, strippedPrefix: nil)
        #expect(out[HTTPField.Name("X-Tenant")!] == nil && out[HTTPField.Name(long)!] == nil && out[HTTPField.Name("X-Hop")!] == nil)
        #expect(out[HTTPField.Name("X-Tenants")!] == "kept")
    }

    @Test func headerNamesCompareWithoutRegardToCase() {
        #expect(HeaderName.lowercased("X-Forwarded-Proto") == "x-forwarded-proto")
        #expect(HeaderName.lowercased("accept") == "accept")
        #expect(HeaderName.matches("Transfer-ENCODING", "transfer-encoding"))
        #expect(!HeaderName.matches("Transfer-Encodings", "transfer-encoding"))
        #expect(HopByHopHeaders.isHopByHop(anyCase: "KEEP-ALIVE", named: []))
        #expect(HopByHopHeaders.isHopByHop(anyCase: "X-Hop", named: ["x-hop"]))
        #expect(!HopByHopHeaders.isHopByHop(anyCase: "Content-Type", named: ["x-hop"]))
        #expect(HopByHopHeaders.connectionNamed(in: HTTPHeaders([("Connection", "Close, X-Hop")])) == ["close", "x-hop"])
        #expect(HopByHopHeaders.connectionNamed(in: HTTPHeaders([("Accept", "*/*")])).isEmpty)
        #expect(HopByHopHeaders.connectionNamed(in: HTTPHeaders([("CONNECTION", "Keep-Alive")])) == ["keep-alive"])
        #expect(HopByHopHeaders.connectionNamed(in: HTTPHeaders([("Connection", "keep-alive"), ("connection", " X-A ,\tx-b")])) == ["keep-alive", "x-a", "x-b"])
        #expect(HopByHopHeaders.connectionNamed(in: HTTPHeaders([("Connection", "x-a"), ("Connection", "close")])) == ["x-a", "close"])
        #expect(HopByHopHeaders.connectionNamed(in: HTTPHeaders([("Connections", "x-a")])).isEmpty)
        let headers = HTTPHeaders([("HOST", "a.example"), ("Authorization", "Bearer 1"), ("authorization", "Bearer 2")])
        let read = DirectRequestFields(headers)
        #expect(read.host == "a.example")
        #expect(read.authorization == nil)  // two: ambiguous
        #expect(DirectRequestFields(HTTPHeaders([("Cookie", "a=b")])).host == nil)
        #expect(!headers.announcesBody && HTTPHeaders([("Content-LENGTH", "0")]).announcesBody)
        #expect(HTTPHeaders([("transfer-encoding", "chunked")]).announcesBody && !HTTPHeaders([("Content-Lengths", "1")]).announcesBody)
        #expect(headers.firstValue("authorization") == "Bearer 1")
        #expect(headers.firstValue("host") != nil && headers.firstValue("hos") == nil && headers.firstValue("cookie") == nil)
    }

    @Test func aHeaderArrayIsSetAndReadLikeTheOtherContainers() {
        var array = HeaderArray()
        array.append(name: "X-Request-Id", value: "upstream-1")
        array.append(name: "Content-Type", value: "application/json")
        array.append(name: "x-request-id", value: "upstream-2")
        #expect(array[first: .xRequestIDField] == "upstream-1")
        #expect(array.values(.xRequestIDField) == ["upstream-1", "upstream-2"])
        array[first: .xRequestIDField] = "ours"
        #expect(array.fields.map(\.0) == ["X-Request-Id", "Content-Type"])
        #expect(array.values(.xRequestIDField) == ["ours"])
        array[first: .contentType] = nil
        #expect(array.fields.count == 1)
        array[first: .date] = "Sun, 29 Nov 2026 00:00:00 GMT"
        #expect(array.headers.first(name: "date") == "Sun, 29 Nov 2026 00:00:00 GMT")
        #expect(array.headers.count == 2)
    }

    @Test func addressRangesMatchV4V6AndMappedAddresses() throws {
        let v4 = try #require(IPAddressRange("10.1.0.0/16"))
        #expect(v4.contains("10.1.200.3"))
        #expect(!v4.contains("10.2.0.1"))
        #expect(v4.contains("::ffff:10.1.0.9"))
        let v6 = try #require(IPAddressRange("fd00::/8"))
        #expect(v6.contains("fd12:3456::1"))
        #expect(!v6.contains("fe80::1"))
        #expect(try #require(IPAddressRange("127.0.0.1")).contains("127.0.0.1"))
        #expect(IPAddressRange("10.0.0.0/33") == nil)
        #expect(IPAddressRange("example.org") == nil)
    }
}
