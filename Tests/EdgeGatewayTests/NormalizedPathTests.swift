@testable import TokenTestSupport
import Testing
@testable import EdgeGateway

/// The one path normalisation that routing, authorisation and forwarding share.
@Suite struct NormalizedPathTests {
    @Test(arguments: [
        ("/", "/"),
        ("/pacs/dicom-web/studies", "/pacs/dicom-web/studies"),
        ("/%70acs/dicom-web", "/pacs/dicom-web"),
        ("/%70%61%63%73/x", "/pacs/x"),
        ("/auth/..%2fpacs/x", "/pacs/x"),
        ("/auth/..%2Fpacs/x", "/pacs/x"),
        ("/auth/%2e%2e/pacs/x", "/pacs/x"),
        ("//pacs///x", "/pacs/x"),
        ("/viewer/./../pacs/x", "/pacs/x"),
        ("/a/b/..", "/a/"),
        ("/../../etc/passwd", "/etc/passwd"),
        ("/pacs-admin/", "/pacs-admin/"),
        ("/caf%C3%A9", "/café"),
        ("/a/b/.", "/a/b/"), ("/a/./", "/a/"), ("/a/b/../", "/a/"), ("/..", "/"), ("/a/...", "/a/..."), ("/a/.b", "/a/.b"),
        ("/a/..b/b..", "/a/..b/b.."), ("/a/%2E", "/a/"), ("/x?q=/../y", "/x"),
    ])
    func normalises(raw: String, expected: String) throws {
        #expect(try NormalizedPath(target: raw).path == expected)
    }

    @Test(arguments: ["/%zz", "/%0", "/a%00b", "/a%0Ab", "/a%5Cb", "/a\\b", "/%FF", "pacs/x", "*", "http://evil/pacs"])
    func refusesTargetsThatCannotBeMeantHonestly(raw: String) {
        #expect(throws: NormalizedPath.Invalid.self) { try NormalizedPath(target: raw) }
    }

    @Test func keepsTheQueryAndReencodesForTheWire() throws {
        let path = try NormalizedPath(target: "/pacs/a%20b/%252e?PatientName=A%5EB&x=1")
        #expect(path.segments == ["pacs", "a b", "%2e"])
        #expect(path.query == "PatientName=A%5EB&x=1")
        #expect(path.encodedTarget == "/pacs/a%20b/%252e?PatientName=A%5EB&x=1")
    }

    @Test func prefixesMatchWholeSegments() throws {
        #expect(try NormalizedPath(target: "/pacs/x").hasPrefix(["pacs"]))
        #expect(try NormalizedPath(target: "/pacs").hasPrefix(["pacs"]))
        #expect(try !NormalizedPath(target: "/pacsx/y").hasPrefix(["pacs"]))
        #expect(try !NormalizedPath(target: "/pacs-admin/").hasPrefix(["pacs"]))
    }
}
