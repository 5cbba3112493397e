import Foundation

/// The shape of OHIF v3's `window.config` as the gateway generates it (see
/// ``ViewerPages/appConfig(publicURL:realm:clientID:pacsPrefix:identityPrefix:)``).
///
/// Encoded with `JSONEncoder` and sorted keys, so every gateway replica serves the same bytes
/// (and ETag). `JSONSerialization`'s sorted keys would compare with the locale through ICU,
/// which maps megabytes of ICU into the process for nothing.
struct OHIFAppConfig: Encodable {
    struct DataSource: Encodable {
        let namespace = "@ohif/extension-default.dataSourcesModule.dicomweb"
        let sourceName = "dicomweb"
        let configuration: DICOMweb
    }

    struct DICOMweb: Encodable {
        struct BulkData: Encodable { let enabled = true }
        let friendlyName = "Tessera"
        let name = "tessera"
        let wadoUriRoot: String
        let qidoRoot: String
        let wadoRoot: String
        let qidoSupportsIncludeField = true
        let supportsReject = false
        let imageRendering = "wadors"
        let thumbnailRendering = "wadors"
        let enableStudyLazyLoad = true
        let supportsFuzzyMatching = true
        let supportsWildcard = true
        let dicomUploadEnabled = true
        let omitQuotationForMultipartRequest = true
        let bulkDataURI = BulkData()

        init(pacsRoot: String) {
            wadoUriRoot = pacsRoot + "/wado"
            qidoRoot = pacsRoot + "/dicom-web"
            wadoRoot = pacsRoot + "/dicom-web"
        }
    }

    struct OIDC: Encodable {
        let authority: String
        let clientID: String
        let redirectURI = "/callback"
        let responseType = "code"
        let scope = "openid"
        let postLogoutRedirectURI: String

        enum CodingKeys: String, CodingKey {
            case authority, scope
            case clientID = "client_id", redirectURI = "redirect_uri", responseType = "response_type"
            case postLogoutRedirectURI = "post_logout_redirect_uri"
        }
    }

    let routerBasename = "/"
    let showStudyList = true
    let extensions: [String] = []
    let modes: [String] = []
    let defaultDataSourceName = "dicomweb"
    let dataSources: [DataSource]
    let oidc: [OIDC]

    /// The JSON text, pretty-printed with sorted keys.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings and booleans cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
