import DICOMWeb
import NIOCore
import Testing

@Suite struct MultipartParserTests {
    static let body = "preamble ignored\r\n--b0undary\r\nContent-Type: application/dicom\r\nContent-Location: a\r\n\r\n"
        + "first\r\n--b0undar not a delimiter\r\r\n-\r\n--b0undary  \r\nContent-Type: application/json\r\n\r\n{}"
        + "\r\n--b0undary\r\n\r\n\r\n--b0undary--\r\nepilogue"

    struct Part: Equatable {
        var headers: [MultipartHeader]
        var body: [UInt8]
    }

    /// Feeds the body in chunks of `size` and collects the parts.
    static func parse(_ body: [UInt8], chunkSize size: Int, boundary: String = "b0undary") throws -> [Part] {
        var parser = MultipartParser(boundary: boundary)
        var events: [MultipartEvent] = []
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + size)
            events += try parser.feed(ByteBuffer(bytes: body[offset..<end]))
            offset = end
        }
        try parser.finish()
        return collect(events)
    }

    static func collect(_ events: [MultipartEvent]) -> [Part] {
        var parts: [Part] = []
        for event in events {
            switch event {
            case .headers(let headers): parts.append(Part(headers: headers, body: []))
            case .body(let buffer): parts[parts.count - 1].body += Array(buffer.readableBytesView)
            case .partEnd: break
            }
        }
        return parts
    }

    @Test func parsesPartsAtEveryChunkSize() throws {
        let body = Array(Self.body.utf8)
        let expected = try Self.parse(body, chunkSize: body.count)
        #expect(expected.count == 3)
        #expect(expected[0].headers == [MultipartHeader(name: "Content-Type", value: "application/dicom"),
                                        MultipartHeader(name: "content-location", value: "a")])
        #expect(String(decoding: expected[0].body, as: UTF8.self) == "first\r\n--b0undar not a delimiter\r\r\n-")
        #expect(expected[1].body == Array("{}".utf8))
        #expect(expected[2].headers.isEmpty)
        #expect(expected[2].body.isEmpty)
        for size in 1...body.count {
            #expect(try Self.parse(body, chunkSize: size) == expected, "chunk size \(size)")
        }
    }

    @Test func bodyIsStreamedNotBuffered() throws {
        var parser = MultipartParser(boundary: "xyz")
        _ = try parser.feed(ByteBuffer(string: "--xyz\r\n\r\n"))
        let events = try parser.feed(ByteBuffer(bytes: [UInt8](repeating: 0x41, count: 100_000)))
        let streamed = events.reduce(0) { total, event in
            if case .body(let buffer) = event { return total + buffer.readableBytes }
            return total
        }
        #expect(streamed >= 100_000 - 6)
    }

    @Test func missingCloseDelimiterIsAnError() throws {
        var parser = MultipartParser(boundary: "xyz")
        _ = try parser.feed(ByteBuffer(string: "--xyz\r\n\r\ndata"))
        #expect(throws: DICOMWebError.self) { try parser.finish() }
    }

    @Test func oversizedHeadersAreRejected() throws {
        var parser = MultipartParser(boundary: "xyz", maximumHeaderSize: 64)
        #expect(throws: DICOMWebError.self) {
            _ = try parser.feed(ByteBuffer(string: "--xyz\r\nX: " + String(repeating: "a", count: 200)))
        }
    }

    @Test func headerWithoutColonIsMalformed() throws {
        var parser = MultipartParser(boundary: "xyz")
        #expect(throws: DICOMWebError.self) { _ = try parser.feed(ByteBuffer(string: "--xyz\r\nbad header\r\n\r\n")) }
    }

    @Test func writerOutputParsesBack() throws {
        var writer = MultipartWriter()
        let payloads: [[UInt8]] = [Array("\r\n--".utf8), [], (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) }]
        let body = writer.body(payloads.map { ([("Content-Type", "application/dicom")], ByteBuffer(bytes: $0)) })
        let parts = try Self.parse(Array(body.readableBytesView), chunkSize: 7, boundary: writer.boundary)
        #expect(parts.map(\.body) == payloads)
        #expect(parts.allSatisfy { $0.headers == [MultipartHeader(name: "content-type", value: "application/dicom")] })
    }

    @Test func asyncSequenceOfChunks() async throws {
        let body = Array(Self.body.utf8)
        let chunks = stride(from: 0, to: body.count, by: 5).map { ByteBuffer(bytes: body[$0..<min(body.count, $0 + 5)]) }
        var events: [MultipartEvent] = []
        for try await event in MultipartEventSequence(AsyncChunks(chunks: chunks), boundary: "b0undary") {
            events.append(event)
        }
        #expect(Self.collect(events) == (try Self.parse(body, chunkSize: body.count)))
    }

    @Test func contentTypeParsing() throws {
        let type = try MultipartContentType("Multipart/Related; type=\"application/dicom\"; boundary=\"a;b\\\"c\"")
        #expect(type.boundary == "a;b\"c")
        #expect(type.type == "application/dicom")
        #expect(throws: DICOMWebError.self) { try MultipartContentType("application/dicom") }
        #expect(throws: DICOMWebError.self) { try MultipartContentType("multipart/related; type=x") }
        let header = MultipartContentType.headerValue(boundary: "abc", type: "application/dicom")
        #expect(try MultipartContentType(header).boundary == "abc")
    }
}

/// A finite async sequence of chunks, like a request body.
struct AsyncChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunks: [ByteBuffer]

    func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks) }

    struct Iterator: AsyncIteratorProtocol {
        var chunks: [ByteBuffer]
        var index = 0
        mutating func next() async throws -> ByteBuffer? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            return chunks[index]
        }
    }
}
