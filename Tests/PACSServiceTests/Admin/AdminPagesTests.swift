import CDICOMZlib
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PACSService

/// The admin UI against a real PostgreSQL and the real HTTP server: pages, links behind the
/// gateway's prefix, search through the QIDO code, downloads, deletes and role checks.
@Suite struct AdminPagesTests {
    let base = TestInstance()

    /// Three studies: two for Doe (CT in January, MR in March), one for Roe.
    var instances: [TestInstance] {
        var ct = base
        ct.modality = "CT"
        var ct2 = ct.instance(2)
        ct2.instanceNumber = "2"
        var mr = base
        mr.studyUID = "1.2.826.0.1.3680043.8.498.2"
        mr.seriesUID = "1.2.826.0.1.3680043.8.498.2.1"
        mr.sopUID = "1.2.826.0.1.3680043.8.498.2.1.1"
        mr.modality = "MR"
        mr.studyDate = "20240310"
        mr.studyDescription = "Knee"
        mr.accessionNumber = "ACC2"
        var roe = mr
        roe.studyUID = "1.2.826.0.1.3680043.8.498.3"
        roe.seriesUID = "1.2.826.0.1.3680043.8.498.3.1"
        roe.sopUID = "1.2.826.0.1.3680043.8.498.3.1.1"
        roe.patientName = "Roe^Richard"
        roe.patientID = "PID-2"
        roe.studyDate = "20230601"
        roe.studyDescription = "Head"
        return [ct, ct2, mr, roe]
    }

    func store(_ client: any TestClientProtocol, _ instances: [TestInstance], headers: HTTPFields = [:]) async throws {
        let body = MultipartBody(try instances.map { try $0.bytes() })
        var fields = headers
        fields[.contentType] = body.contentType
        try await client.execute(uri: "/dicom-web/studies", method: .post, headers: fields, body: ByteBuffer(bytes: body.bytes)) {
            #expect($0.status == .ok)
        }
    }

    func html(_ client: any TestClientProtocol, _ uri: String, headers: HTTPFields = [:], status: HTTPResponse.Status = .ok) async throws -> String {
        try await client.execute(uri: uri, method: .get, headers: headers) { response in
            #expect(response.status == status, "\(uri)")
            return String(buffer: response.body)
        }
    }

    @Test func studyListSearchesWithTheQIDOCodeSortsAndPages() async throws {
        try await TestArchive.with { client, _ in
            try await store(client, instances)
            let all = try await html(client, "/admin/")
            #expect(all.components(separatedBy: "class=\"study-row\"").count - 1 == 3)
            let doe = try await html(client, "/admin/?name=doe")
            #expect(doe.components(separatedBy: "class=\"study-row\"").count - 1 == 2)
            let wildcard = try await html(client, "/admin/?name=R%3Fe*")
            #expect(wildcard.contains("Roe, Richard") && !wildcard.contains("Doe, John"))
            let range = try await html(client, "/admin/?from=2024-03-01&to=2024-03-31")
            #expect(range.contains("Knee") && !range.contains("Chest") && !range.contains("Head"))
            let modality = try await html(client, "/admin/?modality=CT")
            #expect(modality.contains("Chest") && !modality.contains("Knee"))
            let accession = try await html(client, "/admin/?accession=ACC2&description=nee")
            #expect(accession.contains("Knee") && !accession.contains("Head"))
            let byName = try await html(client, "/admin/?sort=name&dir=asc")
            let doeAt = try #require(byName.range(of: "Doe, John")).lowerBound
            let roeAt = try #require(byName.range(of: "Roe, Richard")).lowerBound
            #expect(doeAt < roeAt)
            let byNameDescending = try await html(client, "/admin/?sort=name&dir=desc")
            #expect(try #require(byNameDescending.range(of: "Roe, Richard")).lowerBound < #require(byNameDescending.range(of: "Doe, John")).lowerBound)
            let bad = try await html(client, "/admin/?from=yesterday")
            #expect(bad.contains("id=\"form-error\""))
        }
    }

    @Test func pagesHonourTheGatewayPrefixAndCarryAStrictPolicy() async throws {
        try await TestArchive.with { client, _ in
            try await store(client, instances)
            let headers: HTTPFields = [HTTPField.Name("X-Forwarded-Prefix")!: "/pacs-admin"]
            try await client.execute(uri: "/admin/", method: .get, headers: headers) { response in
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
                #expect(response.headers[.cacheControl] == "no-store")
                let page = String(buffer: response.body)
                #expect(page.contains("href=\"/pacs-admin/assets/admin.css\""))
                #expect(page.contains("href=\"/pacs-admin/studies/\(base.studyUID)\""))
                #expect(page.contains("href=\"/pacs-admin/logout\""))
                #expect(!page.contains("\"/admin/"))
                #expect(!page.contains("<script>") && !page.contains(" style=\""))
            }
            let hostile = try await html(client, "/admin/", headers: [HTTPField.Name("X-Forwarded-Prefix")!: "/x\"><script>"])
            #expect(hostile.contains("href=\"/admin/assets/admin.css\""))
            try await client.execute(uri: "/admin/assets/admin.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/javascript") == true)
            }
            try await client.execute(uri: "/admin/assets/nothing.js", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func studySeriesAndInstancePagesShowTheirAttributes() async throws {
        try await TestArchive.with { client, _ in
            try await store(client, instances)
            let study = try await html(client, "/admin/studies/\(base.studyUID)")
            #expect(study.contains("Doe, John") && study.contains("PID-1") && study.contains("ACC1"))
            #expect(study.contains("/admin/studies/\(base.studyUID)/series/\(base.seriesUID)/thumbnail"))
            #expect(study.contains("1 series, 2 instances"))
            #expect(study.contains("/viewer?StudyInstanceUIDs=\(base.studyUID)"))
            let series = try await html(client, "/admin/studies/\(base.studyUID)/series/\(base.seriesUID)")
            #expect(series.components(separatedBy: "class=\"instance-row\"").count - 1 == 2)
            let instance = try await html(client, "/admin/studies/\(base.studyUID)/series/\(base.seriesUID)/instances/\(base.sopUID)")
            #expect(instance.contains("<span class=\"k\">PatientName</span><span class=\"vr\">PN</span><span class=\"v\">Doe^John</span>"))
            #expect(instance.contains("TransferSyntaxUID"))
            #expect(instance.contains("Soft tissue (40 / 400)"))
            try await client.execute(uri: "/admin/studies/\(base.studyUID)/series/\(base.seriesUID)/thumbnail", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/jpeg")
            }
            try await client.execute(uri: "/admin/studies/\(base.studyUID)/series/\(base.seriesUID)/instances/\(base.sopUID)/rendered?window=40,400&frame=1", method: .get) {
                #expect($0.status == .ok)
            }
            _ = try await html(client, "/admin/studies/1.2.3", status: .notFound)
            _ = try await html(client, "/admin/studies/not-a-uid", status: .badRequest)
        }
    }

    @Test func instanceDownloadAndStudyZipHoldTheStoredBytes() async throws {
        try await TestArchive.with { client, _ in
            let sent = instances
            try await store(client, sent)
            let original = try sent[0].bytes()
            try await client.execute(uri: "/admin/studies/\(base.studyUID)/series/\(base.seriesUID)/instances/\(base.sopUID)/file", method: .get) { response in
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(base.sopUID).dcm\"")
                #expect(Array(buffer: response.body) == original)
            }
            try await client.execute(uri: "/admin/studies/\(base.studyUID)/archive", method: .get) { response in
                #expect(response.headers[.contentType] == "application/zip")
                let entries = try ZipReading.entries(Array(buffer: response.body))
                #expect(entries.map(\.name).sorted() == [
                    "Doe^John (PID-1)/2024-01-15 Chest/001 CT/\(sent[0].sopUID).dcm",
                    "Doe^John (PID-1)/2024-01-15 Chest/001 CT/\(sent[1].sopUID).dcm",
                ])
                #expect(try entries.first { $0.name.hasSuffix("\(sent[0].sopUID).dcm") }?.data == original)
            }
            try await client.execute(uri: "/admin/studies/1.2.3/archive", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func deletesNeedTheUIsMarkerAndAreGoneFromQIDO() async throws {
        try await TestArchive.with { client, _ in
            try await store(client, instances)
            let series = "/admin/dicom-web/studies/\(base.studyUID)/series/\(base.seriesUID)"
            try await client.execute(uri: series, method: .delete) { #expect($0.status == .forbidden) }
            let marker = HTTPField.Name("X-Requested-With")!
            try await client.execute(uri: series, method: .delete, headers: [marker: "tessera-admin", HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: series, method: .delete, headers: [marker: "tessera-admin", HTTPField.Name("Sec-Fetch-Site")!: "same-origin"]) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/dicom-web/studies/\(base.studyUID)/series", method: .get) { #expect($0.status == .noContent) }
            let body = MultipartBody([try base.bytes()])
            try await client.execute(uri: "/admin/dicom-web/studies", method: .post, headers: [.contentType: body.contentType], body: ByteBuffer(bytes: body.bytes)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/admin/dicom-web/studies", method: .post, headers: [.contentType: body.contentType, marker: "tessera-admin"],
                                     body: ByteBuffer(bytes: body.bytes)) { #expect($0.status == .ok) }
        }
    }

    @Test func studyListPagesThroughManyStudies() async throws {
        try await TestArchive.with { client, _ in
            let many = (1...55).map { number -> TestInstance in
                var instance = base
                instance.studyUID = "1.2.826.0.1.3680043.8.498.9.\(number)"
                instance.seriesUID = "1.2.826.0.1.3680043.8.498.9.\(number).1"
                instance.sopUID = "1.2.826.0.1.3680043.8.498.9.\(number).1.1"
                instance.patientName = "Many^Patient\(number)"
                return instance
            }
            for start in stride(from: 0, to: many.count, by: 11) {  // small requests: the live client gives each 20 s
                try await store(client, Array(many[start..<min(start + 11, many.count)]))
            }
            let first = try await html(client, "/admin/?name=many&sort=name&dir=asc")
            #expect(first.components(separatedBy: "class=\"study-row\"").count - 1 == 50)
            #expect(first.contains("id=\"next-page\"") && !first.contains("id=\"previous-page\""))
            #expect(first.contains("1–50"))
            let second = try await html(client, "/admin/?name=many&sort=name&dir=asc&page=2")
            #expect(second.components(separatedBy: "class=\"study-row\"").count - 1 == 5)
            #expect(second.contains("id=\"previous-page\"") && !second.contains("id=\"next-page\""))
            #expect(second.contains("51–55"))
        }
    }

    @Test func formQueryStringsRoundTrip() throws {
        let form = try StudyListQuery(query: "name=Doe%5EJ*&from=2024-01-01&modality=CT&sort=accession&dir=asc&page=3")
        #expect(form.name == "Doe^J*" && form.sort == .accessionNumber && !form.descending && form.page == 3)
        #expect(try StudyListQuery(query: form.queryString()) == form)
        let query = try form.qido()
        #expect(query.offset == 100 && query.limit == StudyListQuery.pageSize)
        #expect(query.sort == QIDOSort(key: .accessionNumber, descending: false))
        #expect(throws: PACSError.self) { try StudyListQuery(query: "to=31.12.2024").qido() }
    }

    @Test func statisticsCountTheArchive() async throws {
        try await TestArchive.with { client, _ in
            try await store(client, instances)
            let page = try await html(client, "/admin/statistics")
            #expect(page.contains("id=\"stat-patients\">2<") && page.contains("id=\"stat-studies\">3<") && page.contains("id=\"stat-instances\">4<"))
            #expect(page.contains("id=\"database-health\"><span class=\"ok\">OK</span>"))
            #expect(page.contains("index schema 2"))
        }
    }
}
