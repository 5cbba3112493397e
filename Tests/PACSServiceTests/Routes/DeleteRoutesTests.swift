import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct DeleteRoutesTests {
    let base = TestInstance()

    func store(_ client: any TestClientProtocol, _ instances: [TestInstance]) async throws {
        let body = MultipartBody(try instances.map { try $0.bytes() })
        try await client.execute(uri: "/dicom-web/studies", method: .post, headers: [.contentType: body.contentType], body: ByteBuffer(bytes: body.bytes)) {
            #expect($0.status == .ok)
        }
    }

    var otherSeries: TestInstance {
        var other = base.instance(9)
        other.seriesUID = "1.2.826.0.1.3680043.8.498.1.7"
        other.sopUID = "1.2.826.0.1.3680043.8.498.1.7.1"
        other.modality = "SR"
        return other
    }

    @Test func deletingAnInstanceThenASeriesKeepsCountsRight() async throws {
        try await TestArchive.with { client, archive in
            try await store(client, [base.instance(1), base.instance(2), otherSeries])
            let study = "/dicom-web/studies/\(base.studyUID)"
            try await client.execute(uri: "\(study)/series/\(base.seriesUID)/instances/\(base.seriesUID).1", method: .delete) { #expect($0.status == .noContent) }
            #expect(try await archive.counts() == Counts(studies: 1, series: 2, instances: 2, studyInstances: 2, seriesInstances: 2))
            #expect(archive.blobFiles.count == 2)
            try await client.execute(uri: "\(study)/series/\(otherSeries.seriesUID)", method: .delete) { #expect($0.status == .noContent) }
            #expect(try await archive.counts() == Counts(studies: 1, series: 1, instances: 1, studyInstances: 1, seriesInstances: 1))
            try await client.execute(uri: "/dicom-web/studies?ModalitiesInStudy=SR", method: .get) { #expect($0.status == .noContent) }
            try await client.execute(uri: "\(study)/series/\(otherSeries.seriesUID)", method: .delete) { #expect($0.status == .notFound) }
        }
    }

    @Test func rejectRemovesTheStudyAndItsBlobs() async throws {
        try await TestArchive.with { client, archive in
            try await store(client, [base.instance(1), otherSeries])
            try await client.execute(uri: "/dicom-web/studies/\(base.studyUID)/reject/113039%5EDCM", method: .post) { #expect($0.status == .noContent) }
            #expect(try await archive.counts() == Counts(studies: 0, series: 0, instances: 0, studyInstances: 0, seriesInstances: 0))
            #expect(archive.blobFiles.isEmpty)
            try await client.execute(uri: "/dicom-web/studies/\(base.studyUID)/reject/999%5EXYZ", method: .post) { #expect($0.status == .badRequest) }
        }
    }
}
