import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct SearchRoutesTests {
    /// Three studies: two patients, CT and MR, different dates, one with accents.
    static func corpus() throws -> [[UInt8]] {
        var first = TestInstance()
        first.modality = "CT"
        var second = TestInstance(studyUID: "1.2.3.2", seriesUID: "1.2.3.2.1", sopUID: "1.2.3.2.1.1", patientName: "Müller^Jürgen", patientID: "PID-2",
                                  studyDate: "20230601", studyTime: "080000", modality: "MR", accessionNumber: "ACC2", studyDescription: "Brain")
        second.characterSet = "ISO_IR 192"
        var third = second
        third.studyUID = "1.2.3.3"
        third.seriesUID = "1.2.3.3.1"
        third.sopUID = "1.2.3.3.1.1"
        third.studyDate = "20220301"
        third.accessionNumber = "ACC3"
        var secondSeries = first.instance(5)
        secondSeries.seriesUID = "1.2.826.0.1.3680043.8.498.1.2"
        secondSeries.sopUID = "1.2.826.0.1.3680043.8.498.1.2.1"
        secondSeries.modality = "SR"
        secondSeries.seriesNumber = "2"
        return [try first.bytes(), try first.instance(2).bytes(), try second.bytes(), try third.bytes(), try secondSeries.bytes()]
    }

    func load(_ client: any TestClientProtocol) async throws {
        let body = MultipartBody(try Self.corpus())
        try await client.execute(uri: "/dicom-web/studies", method: .post, headers: [.contentType: body.contentType], body: ByteBuffer(bytes: body.bytes)) {
            #expect($0.status == .ok)
        }
    }

    func search(_ client: any TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, [[String: Any]], HTTPFields) {
        try await client.execute(uri: uri, method: .get, headers: [.accept: "application/dicom+json"]) { response in
            let json = response.body.readableBytes == 0 ? [] : (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]] ?? [])
            return (response.status, json, response.headers)
        }
    }

    func values(_ object: [String: Any], _ tag: String) -> [Any] {
        ((object[tag] as? [String: Any])?["Value"] as? [Any]) ?? []
    }

    func studyUIDs(_ objects: [[String: Any]]) -> [String] {
        objects.compactMap { values($0, "0020000D").first as? String }
    }

    @Test func studyLevelMatchingForms() async throws {
        try await TestArchive.with { client, _ in
            try await load(client)
            let cases: [(String, [String])] = [
                ("/dicom-web/studies", ["1.2.826.0.1.3680043.8.498.1", "1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?PatientName=doe%5Ejohn", ["1.2.826.0.1.3680043.8.498.1"]),
                ("/dicom-web/studies?00100010=M%C3%BCller*", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?PatientName=muller%5Ej?rgen", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?PatientName=jurg&fuzzymatching=true", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?PatientName=jurg", []),
                ("/dicom-web/studies?StudyDate=20230101-", ["1.2.826.0.1.3680043.8.498.1", "1.2.3.2"]),
                ("/dicom-web/studies?StudyDate=-20230101", ["1.2.3.3"]),
                ("/dicom-web/studies?StudyDate=20220101-20230701", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?StudyDate=20240115", ["1.2.826.0.1.3680043.8.498.1"]),
                ("/dicom-web/studies?StudyTime=070000-090000", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?StudyInstanceUID=1.2.3.2,1.2.3.3", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?StudyInstanceUID=1.2.3.2%5C1.2.3.3", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?ModalitiesInStudy=SR", ["1.2.826.0.1.3680043.8.498.1"]),
                ("/dicom-web/studies?00080061=MR", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?AccessionNumber=ACC?", ["1.2.826.0.1.3680043.8.498.1", "1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?PatientID=PID-2&StudyDescription=Br*", ["1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?StudyID=S1&PatientSex=O", ["1.2.826.0.1.3680043.8.498.1", "1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?PatientBirthDate=19700101", ["1.2.826.0.1.3680043.8.498.1", "1.2.3.2", "1.2.3.3"]),
                ("/dicom-web/studies?PhotometricInterpretation=MONO*", ["1.2.826.0.1.3680043.8.498.1", "1.2.3.2", "1.2.3.3"]),
            ]
            for (uri, expected) in cases {
                let (status, objects, _) = try await search(client, uri)
                #expect(status == (expected.isEmpty ? .noContent : .ok), "\(uri)")
                #expect(studyUIDs(objects) == expected, "\(uri)")
            }
        }
    }

    @Test func studyResultsCarryCountsModalitiesAndIncludedFields() async throws {
        try await TestArchive.with { client, _ in
            try await load(client)
            let (_, objects, headers) = try await search(client, "/dicom-web/studies?StudyInstanceUID=1.2.826.0.1.3680043.8.498.1&includefield=00081030,00080060&includefield=PhotometricInterpretation")
            #expect(headers[.contentType] == "application/dicom+json")
            let study = try #require(objects.first)
            #expect(values(study, "00080061") as? [String] == ["CT", "SR"])
            #expect(values(study, "00201206") as? [Int] == [2])
            #expect(values(study, "00201208") as? [Int] == [3])
            #expect(values(study, "00081030") as? [String] == ["Chest"])
            #expect(values(study, "00280004") as? [String] == ["MONOCHROME2"])
            #expect((values(study, "00081190").first as? String)?.hasSuffix("/dicom-web/studies/1.2.826.0.1.3680043.8.498.1") == true)
            let name = values(study, "00100010").first as? [String: String]
            #expect(name?["Alphabetic"] == "Doe^John")
        }
    }

    @Test func seriesAndInstanceLevels() async throws {
        try await TestArchive.with { client, _ in
            try await load(client)
            let study = "1.2.826.0.1.3680043.8.498.1"
            var (_, objects, _) = try await search(client, "/dicom-web/studies/\(study)/series")
            #expect(objects.compactMap { values($0, "00080060").first as? String } == ["CT", "SR"])
            #expect(objects.compactMap { values($0, "00201209").first as? Int } == [2, 1])
            (_, objects, _) = try await search(client, "/dicom-web/series?Modality=MR")
            #expect(objects.count == 2)
            #expect(values(objects[0], "00100010").isEmpty == false)
            (_, objects, _) = try await search(client, "/dicom-web/studies/\(study)/series/\(study).1/instances")
            #expect(objects.compactMap { values($0, "00200013").first as? Int } == [1, 2])
            #expect(objects.compactMap { values($0, "00280010").first as? Int } == [4, 4])
            (_, objects, _) = try await search(client, "/dicom-web/studies/\(study)/instances?SOPInstanceUID=\(study).1.2")
            #expect(objects.count == 1)
            (_, objects, _) = try await search(client, "/dicom-web/instances?InstanceNumber=1&PatientID=PID-2")
            #expect(objects.count == 2)
            // Series are ordered by when they were indexed, and STOW indexes in parallel.
            #expect(Set(objects.compactMap { values($0, "0020000E").first as? String }) == ["1.2.3.2.1", "1.2.3.3.1"])
        }
    }

    @Test func pagingIsStableAndWarnsWhenCut() async throws {
        try await TestArchive.with { client, _ in
            try await load(client)
            var seen: [String] = []
            for offset in 0..<3 {
                let (_, objects, headers) = try await search(client, "/dicom-web/studies?limit=1&offset=\(offset)")
                #expect(objects.count == 1)
                #expect((headers[.init("Warning")!] != nil) == (offset < 2))
                seen += studyUIDs(objects)
            }
            #expect(seen == ["1.2.826.0.1.3680043.8.498.1", "1.2.3.2", "1.2.3.3"])
            let (status, _, _) = try await search(client, "/dicom-web/studies?offset=10")
            #expect(status == .noContent)
        }
    }

    @Test(arguments: [
        "/dicom-web/studies?NoSuchKeyword=1", "/dicom-web/studies?StudyDate=2023", "/dicom-web/studies?StudyDate=20230101-20230101-1",
        "/dicom-web/studies?limit=-1", "/dicom-web/studies?fuzzymatching=maybe", "/dicom-web/studies?StudyInstanceUID=abc",
        "/dicom-web/studies?PatientName=%ZZ", "/dicom-web/studies?includefield=Bogus", "/dicom-web/studies/not-a-uid/series",
        "/dicom-web/studies?PixelData=1",
    ])
    func malformedQueriesAreBadRequests(uri: String) async throws {
        try await TestArchive.with { client, _ in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest, "\(uri)")
                #expect(String(buffer: response.body).contains("error_description"))
            }
        }
    }

    @Test func xmlOnlyIsNotAcceptable() async throws {
        try await TestArchive.with { client, _ in
            try await client.execute(uri: "/dicom-web/studies", method: .get, headers: [.accept: "application/dicom+xml"]) {
                #expect($0.status == .notAcceptable)
            }
        }
    }
}
