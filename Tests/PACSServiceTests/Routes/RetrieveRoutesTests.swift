import DICOMCore
import DICOMWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PACSService

@Suite struct RetrieveRoutesTests {
    let base = TestInstance()

    func store(_ client: any TestClientProtocol, _ instances: [[UInt8]]) async throws {
        let body = MultipartBody(instances)
        try await client.execute(uri: "/dicom-web/studies", method: .post, headers: [.contentType: body.contentType], body: ByteBuffer(bytes: body.bytes)) {
            #expect($0.status == .ok)
        }
    }

    /// Splits a multipart response into parts.
    func parts(_ response: TestResponse) async throws -> [(headers: [String: String], bytes: [UInt8])] {
        let type = try #require(response.headers[.contentType].flatMap(HeaderMediaType.init))
        let boundary = try #require(type.parameters["boundary"])
        var parser = MultipartParser(boundary: boundary)
        var result: [(headers: [String: String], bytes: [UInt8])] = []
        for event in try parser.feed(response.body) {
            switch event {
            case .headers(let headers): result.append((Dictionary(headers.map { ($0.name, $0.value) }) { $1 }, []))
            case .body(let chunk): result[result.count - 1].bytes += Array(buffer: chunk)
            case .partEnd: continue
            }
        }
        try parser.finish()
        return result
    }

    @Test func retrievesStudySeriesAndInstanceAsStored() async throws {
        try await TestArchive.with { client, _ in
            let originals = [try base.instance(1).bytes(), try base.instance(2).bytes()]
            try await store(client, originals)
            let study = "/dicom-web/studies/\(base.studyUID)"
            for (uri, expected) in [(study, originals), ("\(study)/series/\(base.seriesUID)", originals),
                                    ("\(study)/series/\(base.seriesUID)/instances/\(base.seriesUID).2", [originals[1]])] {
                try await client.execute(uri: uri, method: .get, headers: [.accept: "multipart/related; type=\"application/dicom\"; transfer-syntax=*"]) { response in
                    #expect(response.status == .ok)
                    let parts = try await parts(response)
                    #expect(parts.map(\.bytes) == expected, "\(uri)")
                    #expect(parts.first?.headers["content-type"] == "application/dicom; transfer-syntax=1.2.840.10008.1.2.1")
                    #expect(response.headers[.eTag] != nil)
                }
            }
        }
    }

    @Test func transcodesBetweenUncompressedSyntaxes() async throws {
        try await TestArchive.with { client, _ in
            var implicit = base
            implicit.syntax = .implicitVRLittleEndian
            try await store(client, [try implicit.bytes()])
            try await client.execute(uri: "/dicom-web/studies/\(base.studyUID)", method: .get, headers: [.accept: "multipart/related; type=\"application/dicom\""]) { response in
                #expect(response.status == .ok)
                let part = try #require(try await parts(response).first)
                let file = try DICOMFile(bytes: part.bytes)
                #expect(file.transferSyntax.uid == TransferSyntax.explicitVRLittleEndianUID)
                #expect(file.dataSet.string(.sopInstanceUID) == base.sopUID)
                #expect(file.dataSet[.pixelData]?.bytes.map(Array.init) == (0..<16).map { UInt8($0) })
            }
            try await client.execute(uri: "/dicom-web/studies/\(base.studyUID)", method: .get,
                                     headers: [.accept: "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50"]) {
                #expect($0.status == .notAcceptable)
            }
            try await client.execute(uri: "/dicom-web/studies/\(base.studyUID)", method: .get, headers: [.accept: "image/png"]) {
                #expect($0.status == .notAcceptable)
            }
        }
    }

    @Test func metadataHasAbsoluteBulkDataURIsForTheGateway() async throws {
        try await TestArchive.with { client, _ in
            var big = base
            big.rows = 64
            big.columns = 64
            try await store(client, [try big.bytes()])
            let headers: HTTPFields = [.init("X-Forwarded-Host")!: "imaging.example.org", .init("X-Forwarded-Proto")!: "https", .init("X-Forwarded-Prefix")!: "/pacs"]
            try await client.execute(uri: "/dicom-web/studies/\(base.studyUID)/series/\(base.seriesUID)/metadata", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/dicom+json")
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                let instance = try #require(json?.first)
                let pixel = instance["7FE00010"] as? [String: Any]
                #expect(pixel?["BulkDataURI"] as? String
                    == "https://imaging.example.org/pacs/dicom-web/studies/\(base.studyUID)/series/\(base.seriesUID)/instances/\(base.sopUID)/bulkdata/7FE00010")
                #expect(((instance["00100010"] as? [String: Any])?["Value"] as? [[String: String]])?.first?["Alphabetic"] == "Doe^John")
                let etag = try #require(response.headers[.eTag])
                try await client.execute(uri: "/dicom-web/studies/\(base.studyUID)/series/\(base.seriesUID)/metadata", method: .get,
                                         headers: headers.merging([.ifNoneMatch: etag])) { #expect($0.status == .notModified) }
            }
            try await client.execute(uri: "/dicom-web/studies/1.2.3.4/metadata", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func wadoURIReturnsTheFile() async throws {
        try await TestArchive.with { client, _ in
            let bytes = try base.bytes()
            try await store(client, [bytes])
            let query = "requestType=WADO&studyUID=\(base.studyUID)&seriesUID=\(base.seriesUID)&objectUID=\(base.sopUID)"
            try await client.execute(uri: "/wado?\(query)&contentType=application%2Fdicom", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/dicom")
                #expect(Array(buffer: response.body) == bytes)
            }
            try await client.execute(uri: "/wado?\(query.replacingOccurrences(of: base.sopUID, with: "1.2.3"))", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/wado?requestType=WADO&studyUID=x", method: .get) { #expect($0.status == .badRequest) }
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var copy = self
        for field in other { copy.append(field) }
        return copy
    }
}
