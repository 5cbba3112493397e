import DICOMCore
import DICOMWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PACSService

/// Bulk data behind the metadata's BulkDataURIs, frames of multi-frame instances read by range,
/// rendered `viewport` and thumbnails, WADO-URI images, and sequence matching in QIDO.
@Suite struct BulkDataRenderingTests {
    let icc = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) }
    let icon = (0..<2048).map { UInt8(truncatingIfNeeded: $0 * 3) }

    /// A 64x32, 3-frame instance with a long top-level value and a long value inside a sequence.
    var multiFrame: TestInstance {
        var instance = TestInstance()
        instance.rows = 32
        instance.columns = 64
        instance.numberOfFrames = 3
        let iconItem = DataSet(elements: [DataElement(tag: .pixelData, vr: .OB, value: .bytes(ArraySlice(icon)))])
        let request = DataSet(elements: [
            DataElement(tag: .scheduledProcedureStepID, vr: .SH, value: .bytes(ArraySlice(Array("SPS-7 ".utf8)))),
            DataElement(tag: .requestedProcedureID, vr: .SH, value: .bytes(ArraySlice(Array("RP-42 ".utf8)))),
        ])
        instance.extraElements = [
            DataElement(tag: .iccProfile, vr: .OB, value: .bytes(ArraySlice(icc))),
            DataElement(tag: .iconImageSequence, vr: .SQ, value: .sequence([iconItem])),
            DataElement(tag: .requestAttributesSequence, vr: .SQ, value: .sequence([request])),
        ]
        return instance
    }

    var pixels: [UInt8] { (0..<(32 * 64 * 3)).map { UInt8(truncatingIfNeeded: $0) } }

    func store(_ client: any TestClientProtocol, _ instance: TestInstance) async throws {
        let body = MultipartBody([try instance.bytes()])
        try await client.execute(uri: "/dicom-web/studies", method: .post, headers: [.contentType: body.contentType], body: ByteBuffer(bytes: body.bytes)) {
            #expect($0.status == .ok)
        }
    }

    /// The bodies of a multipart response's parts.
    func parts(_ response: TestResponse) throws -> [(type: String, bytes: [UInt8])] {
        let type = try #require(response.headers[.contentType].flatMap(HeaderMediaType.init))
        var parser = MultipartParser(boundary: try #require(type.parameters["boundary"]))
        var result: [(type: String, bytes: [UInt8])] = []
        for event in try parser.feed(response.body) {
            switch event {
            case .headers(let headers): result.append((headers.first { $0.name == "content-type" }?.value ?? "", []))
            case .body(let chunk): result[result.count - 1].bytes += Array(buffer: chunk)
            case .partEnd: continue
            }
        }
        try parser.finish()
        return result
    }

    func bulkDataURIs(_ value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return (object["BulkDataURI"] as? String).map { [$0] } ?? object.values.flatMap(bulkDataURIs)
        }
        return (value as? [Any])?.flatMap(bulkDataURIs) ?? []
    }

    /// Width and height from a PNG's IHDR.
    func pngSize(_ bytes: [UInt8]) -> (Int, Int) {
        let number = { (at: Int) in bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    @Test func everyBulkDataURIOfTheMetadataResolves() async throws {
        try await TestArchive.with { client, _ in
            let instance = multiFrame
            try await store(client, instance)
            let path = "/dicom-web/studies/\(instance.studyUID)/series/\(instance.seriesUID)/instances/\(instance.sopUID)"
            let uris = try await client.execute(uri: "\(path)/metadata", method: .get) { response in
                bulkDataURIs(try JSONSerialization.jsonObject(with: Data(buffer: response.body)))
            }
            #expect(Set(uris.compactMap { uri in uri.range(of: "/dicom-web/").map { String(uri[$0.lowerBound...]) } })
                == ["\(path)/bulkdata/00282000", "\(path)/bulkdata/00880200/0/7FE00010", "\(path)/bulkdata/7FE00010"])
            let expected = ["00282000": icc, "00880200/0/7FE00010": icon, "7FE00010": pixels]
            for (suffix, bytes) in expected {
                try await client.execute(uri: "\(path)/bulkdata/\(suffix)", method: .get,
                                         headers: [.accept: "multipart/related; type=\"application/octet-stream\""]) { response in
                    #expect(response.status == .ok)
                    let parts = try parts(response)
                    #expect(parts.count == 1)
                    #expect(parts.first?.bytes == bytes, "\(suffix)")
                }
            }
            for bad in ["\(path)/bulkdata/00282000/0", "\(path)/bulkdata/zz", "\(path)/bulkdata/00880200/5/7FE00010", "\(path)/bulkdata/00100020/0/00100010"] {
                try await client.execute(uri: bad, method: .get) { #expect([400, 404].contains($0.status.code), "\(bad)") }
            }
        }
    }

    @Test func framesOfAMultiFrameInstanceAreReadByRange() async throws {
        try await TestArchive.with { client, _ in
            let instance = multiFrame
            try await store(client, instance)
            let path = "/dicom-web/studies/\(instance.studyUID)/series/\(instance.seriesUID)/instances/\(instance.sopUID)"
            try await client.execute(uri: "\(path)/frames/3,1", method: .get,
                                     headers: [.accept: "multipart/related; type=application/octet-stream; transfer-syntax=*"]) { response in
                #expect(response.status == .ok)
                let frames = try parts(response)
                #expect(frames.map(\.bytes) == [Array(pixels[4096..<6144]), Array(pixels[0..<2048])])
                #expect(frames.allSatisfy { $0.type == "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1" })
            }
            try await client.execute(uri: "\(path)/frames/4", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func renderedViewportAndThumbnails() async throws {
        try await TestArchive.with { client, _ in
            let instance = multiFrame
            try await store(client, instance)
            let path = "/dicom-web/studies/\(instance.studyUID)/series/\(instance.seriesUID)/instances/\(instance.sopUID)"
            for (uri, size) in [("\(path)/rendered?viewport=16,16", (16, 8)), ("\(path)/frames/2/rendered?viewport=128,128", (128, 64)),
                                ("\(path)/thumbnail", (64, 32)), ("\(path)/thumbnail?viewport=32,32", (32, 16))] {
                try await client.execute(uri: uri, method: .get, headers: [.accept: "image/png"]) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "image/png")
                    let size2 = pngSize(Array(buffer: response.body))
                    #expect(size2.0 == size.0 && size2.1 == size.1, "\(uri)")
                }
            }
            try await client.execute(uri: "\(path)/rendered?viewport=0,10", method: .get) { #expect($0.status == .badRequest) }
        }
    }

    @Test func wadoURIRendersImages() async throws {
        try await TestArchive.with { client, _ in
            let instance = multiFrame
            try await store(client, instance)
            let query = "requestType=WADO&studyUID=\(instance.studyUID)&seriesUID=\(instance.seriesUID)&objectUID=\(instance.sopUID)"
            try await client.execute(uri: "/wado?\(query)&contentType=image%2Fjpeg&windowCenter=128&windowWidth=256&imageQuality=80", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/jpeg")
                #expect(Array(buffer: response.body).prefix(2) == [0xFF, 0xD8])
            }
            try await client.execute(uri: "/wado?\(query)&contentType=image%2Fpng&columns=32&frameNumber=3", method: .get) { response in
                #expect(response.status == .ok)
                let size = pngSize(Array(buffer: response.body))
                #expect(size.0 == 32 && size.1 == 16)
            }
            try await client.execute(uri: "/wado?\(query)&contentType=image%2Fgif", method: .get) { #expect($0.status == .notAcceptable) }
            try await client.execute(uri: "/wado?\(query)&contentType=image%2Fjpeg&frameNumber=9", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func sequenceMatching() async throws {
        try await TestArchive.with { client, _ in
            let instance = multiFrame
            try await store(client, instance)
            var other = TestInstance()
            other.studyUID = "1.2.826.0.1.3680043.8.498.2"
            other.seriesUID = "1.2.826.0.1.3680043.8.498.2.1"
            other.sopUID = "1.2.826.0.1.3680043.8.498.2.1.1"
            try await store(client, other)
            for (query, matches) in [("RequestAttributesSequence.RequestedProcedureID=RP-42", 1), ("0040A370.00401001=RP-42", 0),
                                     ("00400275.00400009=SPS-7", 1), ("RequestAttributesSequence.ScheduledProcedureStepID=SPS*", 1),
                                     ("RequestAttributesSequence.RequestedProcedureID=RP-43", 0)] {
                try await client.execute(uri: "/dicom-web/instances?\(query)", method: .get) { response in
                    let count = response.status == .noContent ? 0 : ((try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [Any])?.count ?? -1)
                    #expect(count == matches, "\(query)")
                }
            }
            try await client.execute(uri: "/dicom-web/instances?RequestAttributesSequence=x", method: .get) { #expect($0.status == .badRequest) }
        }
    }
}
