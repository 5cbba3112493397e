import HTTPTypes
@testable import TokenTestSupport
import Testing
@testable import EdgeGateway

/// Ranges, cache policy and media types of the static file server.
@Suite struct StaticHelpersTests {
    @Test func htmlIsRecognisedWhateverItsCaseAndParameters() {
        #expect(SecurityHeaders.isHTML("text/html"))
        #expect(SecurityHeaders.isHTML("Text/HTML; charset=utf-8"))
        #expect(!SecurityHeaders.isHTML("text/htm"))
        #expect(!SecurityHeaders.isHTML("application/json"))
        #expect(!SecurityHeaders.isHTML("text/plain"))
    }

    /// If-None-Match: weak comparison over every listed tag of every field, `*`, optional
    /// whitespace; If-Modified-Since only when there is no If-None-Match.
    @Test func conditionsCompareEntityTagsWeaklyAndDatesExactly() {
        let etag = #""1f-2e""#
        func notModified(_ fields: [(HTTPField.Name, String)], lastModified: String? = nil) -> Bool {
            StaticAnswer<HTTPFields>.notModified(HTTPFields(fields.map { HTTPField(name: $0.0, value: $0.1) }), etag: etag, lastModified: lastModified)
        }
        #expect(notModified([(.ifNoneMatch, etag)]))
        #expect(notModified([(.ifNoneMatch, "W/" + etag)]))
        #expect(notModified([(.ifNoneMatch, " \"a\" ,\t" + etag + " ,")]))
        #expect(notModified([(.ifNoneMatch, "*")]))
        #expect(notModified([(.ifNoneMatch, #""a""#), (.ifNoneMatch, etag)]))
        #expect(!notModified([(.ifNoneMatch, #""1f-2""#)]))
        #expect(!notModified([(.ifNoneMatch, "w/" + etag)]))
        #expect(!notModified([(.ifNoneMatch, #""1f-2e"x"#)]))
        #expect(!notModified([(.ifNoneMatch, "")]))
        let date = "Sun, 29 Nov 2026 10:00:00 GMT"
        #expect(notModified([(.ifModifiedSince, date)], lastModified: date))
        #expect(!notModified([(.ifModifiedSince, date)], lastModified: "Mon, 30 Nov 2026 10:00:00 GMT"))
        #expect(!notModified([(.ifNoneMatch, #""a""#), (.ifModifiedSince, date)], lastModified: date))
    }

    @Test func byteRangesResolveAgainstTheFileSize() {
        #expect(ByteRange(header: nil, size: 100) == .whole)
        #expect(ByteRange(header: "bytes=0-9", size: 100) == .partial(0...9))
        #expect(ByteRange(header: "bytes=90-", size: 100) == .partial(90...99))
        #expect(ByteRange(header: "bytes=-10", size: 100) == .partial(90...99))
        #expect(ByteRange(header: "bytes=50-500", size: 100) == .partial(50...99))
        #expect(ByteRange(header: "bytes=100-", size: 100) == .unsatisfiable)
        #expect(ByteRange(header: "bytes=0-1,5-6", size: 100) == .whole)
        #expect(ByteRange(header: "items=0-1", size: 100) == .whole)
    }

    @Test func hashedAssetsAreImmutableAndEntryPointsRevalidate() {
        #expect(FileCachePolicy.header(forFileNamed: "index.html") == FileCachePolicy.revalidate)
        #expect(FileCachePolicy.header(forFileNamed: "app-config.js") == FileCachePolicy.revalidate)
        #expect(FileCachePolicy.header(forFileNamed: "app.bundle.3f2a9c1b8d.js") == FileCachePolicy.immutable)
        #expect(FileCachePolicy.header(forFileNamed: "chunk-1a2b3c4d.css") == FileCachePolicy.immutable)
        #expect(FileCachePolicy.header(forFileNamed: "logo.png") == FileCachePolicy.short)
        #expect(FileCachePolicy.header(forFileNamed: "deadbeef.js") == FileCachePolicy.short)
    }

    @Test(arguments: [
        ("main.3f2a9c1b.js", true), ("3f2a9c1b.js", true), ("x_12345678_y.js", true), ("ABCDEF12.min.js", true),
        ("1a2b3c4d5e", false),  // the only part is the last one
        ("abc.1a2b3c4d5e.", false),  // the hash is the last part
        ("1234567.js", false), ("z1234567a.js", false), ("deadbeefcafe.js", false), ("", false), ("...", false),
    ])
    func aContentHashIsAPartOfEightHexDigitsBeforeTheLast(name: String, hashed: Bool) {
        #expect(FileCachePolicy.isHashed(name) == hashed)
    }

    @Test func datesAreIMFFixdates() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")  // remembered, then formatted again
    }

    @Test func mediaTypesCoverTheViewerBuild() {
        #expect(MediaTypes.type(forFileNamed: "codec.wasm") == "application/wasm")
        #expect(MediaTypes.type(forFileNamed: "app.JS") == "text/javascript; charset=utf-8")
        #expect(MediaTypes.type(forFileNamed: "LICENSE") == "application/octet-stream")
        #expect(MediaTypes.looksLikeAsset("main.js"))
        #expect(!MediaTypes.looksLikeAsset("viewer"))
        #expect(!MediaTypes.looksLikeAsset("1.2.840.10008"))
    }
}
