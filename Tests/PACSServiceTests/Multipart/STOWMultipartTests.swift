import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PACSService

/// STOW-RS bodies go through Shared/DICOMWeb's multipart parser: odd but valid framing is
/// stored, malformed framing answers 400 with a reason and leaves nothing behind.
@Suite struct STOWMultipartTests {
    let base = TestInstance()

    func post(_ client: any TestClientProtocol, _ body: [UInt8], boundary: String = "b0und") async throws -> (Int, String) {
        try await client.execute(uri: "/dicom-web/studies", method: .post,
                                 headers: [.contentType: "multipart/related; type=\"application/dicom\"; boundary=\"\(boundary)\""],
                                 body: ByteBuffer(bytes: body)) { (Int($0.status.code), String(buffer: $0.body)) }
    }

    @Test func preambleTransportPaddingAndEpilogueAreAccepted() async throws {
        try await TestArchive.with { client, archive in
            let instance = try base.instance(1).bytes()
            var body = Array("preamble\r\n--b0und  \r\nContent-Type: Application/DICOM\r\nX-Other: 1\r\n\r\n".utf8) + instance
            body += Array("\r\n--b0und\r\nContent-Type: text/plain\r\n\r\nnot dicom\r\n--b0und--\r\nepilogue".utf8)
            let (status, _) = try await post(client, body)
            #expect(status == 202)
            #expect(archive.blobFiles.count == 1)
        }
    }

    @Test(arguments: [
        "--b0und\r\nContent-Type: application/dicom\r\n\r\nunterminated",
        "no boundary here at all",
        "--b0und\r\nbroken header line\r\n\r\nbody\r\n--b0und--",
        "--b0undX\r\n\r\nbody\r\n--b0und--",
    ])
    func malformedBodiesAreBadRequests(text: String) async throws {
        try await TestArchive.with { client, archive in
            let (status, reason) = try await post(client, Array(text.utf8))
            #expect(status == 400)
            #expect(reason.contains("multipart"))
            #expect(archive.blobFiles.isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: archive.storage + "/tmp").isEmpty)
        }
    }

    @Test func rejectsBadBoundaries() async throws {
        try await TestArchive.with { client, _ in
            let (status, _) = try await post(client, [], boundary: String(repeating: "x", count: 71))
            #expect(status == 400)
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
