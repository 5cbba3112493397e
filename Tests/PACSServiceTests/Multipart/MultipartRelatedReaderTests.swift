import NIOCore
import Testing
@testable import PACSService

/// Yields a byte array in chunks of a fixed size.
struct ChunkedSource: AsyncIteratorProtocol {
    var bytes: [UInt8]
    var chunkSize: Int
    var position = 0

    mutating func next() async throws -> ByteBuffer? {
        guard position < bytes.count else { return nil }
        let end = min(position + chunkSize, bytes.count)
        defer { position = end }
        return ByteBuffer(bytes: bytes[position..<end])
    }
}

@Suite struct MultipartRelatedReaderTests {
    func read(_ text: String, boundary: String = "b0und", chunkSize: Int) async throws -> [(headers: [String: String], body: String)] {
        var reader = try MultipartRelatedReader(source: ChunkedSource(bytes: Array(text.utf8), chunkSize: chunkSize), boundary: boundary)
        var parts: [(headers: [String: String], body: String)] = []
        while let part = try await reader.nextPart() {
            var body = ByteBuffer()
            while var chunk = try await reader.nextBodyChunk() { body.writeBuffer(&chunk) }
            parts.append((part.headers, String(buffer: body)))
        }
        return parts
    }

    static let twoParts = "preamble\r\n--b0und\r\nContent-Type: application/dicom\r\n\r\nfirst\r\n--b\r\nstill first\r\n--b0und  \r\nContent-Type: Application/DICOM; transfer-syntax=*\r\nX-Other: 1\r\n\r\n\r\nsecond\r\n\r\n--b0und--\r\nepilogue"

    @Test(arguments: [1, 2, 3, 7, 16, 1000])
    func readsPartsWhateverTheChunking(chunkSize: Int) async throws {
        let parts = try await read(Self.twoParts, chunkSize: chunkSize)
        #expect(parts.count == 2)
        #expect(parts[0].body == "first\r\n--b\r\nstill first")
        #expect(parts[0].headers["content-type"] == "application/dicom")
        #expect(parts[1].body == "\r\nsecond\r\n")
        #expect(parts[1].headers["x-other"] == "1")
    }

    @Test func skipsUnreadBodies() async throws {
        var reader = try MultipartRelatedReader(source: ChunkedSource(bytes: Array(Self.twoParts.utf8), chunkSize: 5), boundary: "b0und")
        var count = 0
        while try await reader.nextPart() != nil { count += 1 }
        #expect(count == 2)
    }

    @Test func emptyPartBodyAndNoLeadingCRLF() async throws {
        let parts = try await read("--b0und\r\n\r\n\r\n--b0und--", chunkSize: 4)
        #expect(parts.count == 1)
        #expect(parts[0].body.isEmpty)
        #expect(parts[0].headers.isEmpty)
    }

    @Test(arguments: [
        "--b0und\r\nContent-Type: x\r\n\r\nunterminated",
        "no boundary here at all",
        "--b0und\r\nbroken header line\r\n\r\nbody\r\n--b0und--",
        "--b0undX\r\n\r\nbody\r\n--b0und--",
    ])
    func malformedBodiesAreBadRequests(text: String) async throws {
        await #expect(throws: PACSError.self) { _ = try await read(text, chunkSize: 3) }
    }

    @Test func rejectsBadBoundaries() {
        #expect(throws: PACSError.self) { _ = try MultipartRelatedReader(source: ChunkedSource(bytes: [], chunkSize: 1), boundary: "") }
        #expect(throws: PACSError.self) {
            _ = try MultipartRelatedReader(source: ChunkedSource(bytes: [], chunkSize: 1), boundary: String(repeating: "x", count: 71))
        }
    }

    @Test func mediaTypeParsesQuotedParameters() {
        let type = HeaderMediaType("Multipart/Related; type=\"application/dicom\"; boundary=\"a;b\"")
        #expect(type?.essence == "multipart/related")
        #expect(type?.parameters["type"] == "application/dicom")
        #expect(type?.parameters["boundary"] == "a;b")
        #expect(HeaderMediaType("nonsense") == nil)
    }
}
