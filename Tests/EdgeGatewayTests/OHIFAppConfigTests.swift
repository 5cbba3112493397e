import Foundation
import NIOCore
import Testing
@testable import EdgeGateway

/// The OHIF `app-config.js` the gateway generates.
@Suite struct OHIFAppConfigTests {
    private func config() throws -> [String: Any] {
        let file = ViewerPages.appConfig(
            publicURL: "https://imaging.example", realm: "ohif", clientID: "ohif-viewer", pacsPrefix: "/pacs", identityPrefix: "/auth")
        let text = String(buffer: file.body)
        let prefix = "window.config = "
        let start = try #require(text.range(of: prefix)).upperBound
        let json = text[start...].trimmingCharacters(in: .whitespacesAndNewlines).dropLast()  // the closing `;`
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func pointsOHIFAtTheGatewaysArchiveAndRealm() throws {
        let config = try config()
        #expect(config["routerBasename"] as? String == "/")
        #expect(config["defaultDataSourceName"] as? String == "dicomweb")
        let source = try #require((config["dataSources"] as? [[String: Any]])?.first)
        let dicomweb = try #require(source["configuration"] as? [String: Any])
        #expect(dicomweb["qidoRoot"] as? String == "https://imaging.example/pacs/dicom-web")
        #expect(dicomweb["wadoRoot"] as? String == "https://imaging.example/pacs/dicom-web")
        #expect(dicomweb["wadoUriRoot"] as? String == "https://imaging.example/pacs/wado")
        #expect((dicomweb["bulkDataURI"] as? [String: Any])?["enabled"] as? Bool == true)
        let oidc = try #require((config["oidc"] as? [[String: Any]])?.first)
        #expect(oidc["authority"] as? String == "https://imaging.example/auth/realms/ohif")
        #expect(oidc["client_id"] as? String == "ohif-viewer")
        #expect(oidc["redirect_uri"] as? String == "/callback")
        #expect(oidc["post_logout_redirect_uri"] as? String == ViewerPages.logoutPath)
    }

    @Test func everyReplicaServesTheSameBytes() {
        let make = { ViewerPages.appConfig(publicURL: "https://a.example", realm: "ohif", clientID: "c", pacsPrefix: "/pacs", identityPrefix: "/auth") }
        #expect(make().etag == make().etag)
        let text = String(buffer: make().body)
        let keys = ["\"dataSources\"", "\"defaultDataSourceName\"", "\"extensions\"", "\"modes\"", "\"oidc\"", "\"routerBasename\"", "\"showStudyList\""]
        let positions = keys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted(), "top-level keys are sorted")
    }
}
