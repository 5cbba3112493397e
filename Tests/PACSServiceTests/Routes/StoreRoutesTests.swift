import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing
import TestSupport

@Suite struct StoreRoutesTests {
    let base = TestInstance()

    func stow(_ client: any TestClientProtocol, _ body: MultipartBody, path: String = "/dicom-web/studies") async throws -> (Int, [String: Any]) {
        try await client.execute(uri: path, method: .post, headers: [.contentType: body.contentType], body: ByteBuffer(bytes: body.bytes)) { response in
            let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
            return (Int(response.status.code), json)
        }
    }

    func sequence(_ json: [String: Any], _ tag: String) -> [[String: Any]] {
        ((json[tag] as? [String: Any])?["Value"] as? [[String: Any]]) ?? []
    }

    func failureReasons(_ json: [String: Any]) -> [Int] {
        sequence(json, "00081198").compactMap { (($0["00081197"] as? [String: Any])?["Value"] as? [Int])?.first }
    }

    @Test func storesEveryPartAndAnswersWithRetrieveURLs() async throws {
        try await TestArchive.with { client, archive in
            let body = MultipartBody([try base.instance(1).bytes(), try base.instance(2).bytes()])
            let (status, json) = try await stow(client, body)
            #expect(status == 200)
            let referenced = sequence(json, "00081199")
            #expect(referenced.count == 2)
            let url = ((referenced.first?["00081190"] as? [String: Any])?["Value"] as? [String])?.first
            #expect(url?.hasSuffix("/dicom-web/studies/\(base.studyUID)/series/\(base.seriesUID)/instances/\(base.seriesUID).1") == true)
            #expect(archive.blobFiles.count == 2)
            let counts = try await archive.counts()
            #expect(counts == Counts(studies: 1, series: 1, instances: 2, studyInstances: 2, seriesInstances: 2))
        }
    }

    @Test func studyMismatchFailsAloneWith202() async throws {
        try await TestArchive.with { client, archive in
            var other = base.instance(2)
            other.studyUID = "1.2.3.999"
            other.seriesUID = "1.2.3.999.1"
            let body = MultipartBody([try base.instance(1).bytes(), try other.bytes()])
            let (status, json) = try await stow(client, body, path: "/dicom-web/studies/\(base.studyUID)")
            #expect(status == 202)
            #expect(sequence(json, "00081199").count == 1)
            #expect(failureReasons(json) == [0xA900])
            #expect(archive.blobFiles.count == 1)
        }
    }

    @Test func corruptAndForeignPartsFailAloneAndAllFailedIs409() async throws {
        try await TestArchive.with { client, archive in
            var body = MultipartBody([Array("not dicom at all".utf8)])
            body.parts.append(("text/plain", Array("hello".utf8)))
            let (status, json) = try await stow(client, body)
            #expect(status == 409)
            #expect(failureReasons(json) == [0xC000, 0xC000])
            #expect(archive.blobFiles.isEmpty)
            #expect(try await archive.counts().instances == 0)
        }
    }

    @Test func resendingTheSameInstanceIsIdempotent() async throws {
        try await TestArchive.with { client, archive in
            let body = MultipartBody([try base.bytes()])
            #expect(try await stow(client, body).0 == 200)
            #expect(try await stow(client, body).0 == 200)
            #expect(archive.blobFiles.count == 1)
            #expect(try await archive.counts().instances == 1)
        }
    }

    @Test func aDifferentInstanceWithAKnownUIDIsRejectedByDefault() async throws {
        try await TestArchive.with { client, archive in
            #expect(try await stow(client, MultipartBody([try base.bytes()])).0 == 200)
            var changed = base
            changed.pixelSeed = 9
            let (status, json) = try await stow(client, MultipartBody([try changed.bytes()]))
            #expect(status == 409)
            #expect(failureReasons(json) == [0x0111])
            #expect(archive.blobFiles.count == 1)
        }
    }

    @Test func replacePolicySwapsTheStoredInstance() async throws {
        try await TestArchive.with(["PACS_DUPLICATE_POLICY": "replace"]) { client, archive in
            let first = try await stow(client, MultipartBody([try base.bytes()])).0
            #expect(first == 200)
            let before = archive.blobFiles
            var changed = base
            changed.pixelSeed = 9
            let second = try await stow(client, MultipartBody([try changed.bytes()])).0
            #expect(second == 200)
            let after = archive.blobFiles
            #expect(after.count == 1)
            #expect(after != before)
            let instances = try await archive.counts().instances
            #expect(instances == 1)
        }
    }

    @Test func rawUploadAnswersLikeOrthanc() async throws {
        try await TestArchive.with { client, archive in
            let bytes = try base.bytes()
            try await client.execute(uri: "/instances", method: .post, headers: [.contentType: "application/dicom"], body: ByteBuffer(bytes: bytes)) { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(json?["Status"] == "Success")
                #expect(json?["SOPInstanceUID"] == base.sopUID)
                #expect(response.headers[.location]?.hasPrefix("http://") == true)
            }
            let stored = try Data(contentsOf: URL(fileURLWithPath: archive.storage + "/" + archive.blobFiles[0]))
            #expect(Array(stored) == bytes)
            try await client.execute(uri: "/instances", method: .post, body: ByteBuffer(string: "garbage")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("not a"))
            }
        }
    }

    @Test func wrongMediaTypeIs415AndBrokenMultipartIs400() async throws {
        try await TestArchive.with { client, archive in
            try await client.execute(uri: "/dicom-web/studies", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) {
                #expect($0.status == .unsupportedMediaType)
            }
            let truncated = Array(MultipartBody([try base.bytes()]).bytes.dropLast(40))
            try await client.execute(uri: "/dicom-web/studies", method: .post, headers: [.contentType: MultipartBody([]).contentType], body: ByteBuffer(bytes: truncated)) {
                #expect($0.status == .badRequest)
            }
            #expect(try await archive.counts().instances == 0)
        }
    }

    @Test func oversizedInstanceFailsWithOutOfResources() async throws {
        try await TestArchive.with(["PACS_MAX_INSTANCE_SIZE": "1"]) { client, archive in
            var big = base
            big.rows = 1024
            big.columns = 1100
            let (status, json) = try await stow(client, MultipartBody([try big.bytes(), try base.instance(2).bytes()]))
            #expect(status == 202)
            #expect(failureReasons(json) == [0xA700])
            #expect(archive.blobFiles.count == 1)
        }
    }
}
