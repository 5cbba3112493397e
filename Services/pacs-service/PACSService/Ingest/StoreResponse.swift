import Foundation

/// The Store Instances Response (PS3.18 §10.5.3) as DICOM JSON, and its HTTP status:
/// 200 when every instance was stored without warning, 202 when some failed or carry a
/// warning, 409 when none was stored.
struct StoreResponse {
    /// The per-instance results, in request order.
    var results: [StoreResult]
    /// The DICOMweb root URL for RetrieveURLs.
    var root: String
    /// The study the request URL named, if any.
    var study: DICOMUID?

    /// 200, 202 or 409.
    var status: Int {
        let stored = results.compactMap { if case .stored(let instance) = $0 { instance } else { nil } }
        if stored.isEmpty { return 409 }
        if stored.count < results.count || stored.contains(where: { $0.warningReason != nil }) { return 202 }
        return 200
    }

    /// The response body (application/dicom+json).
    func json() throws -> Data {
        var referenced: [[String: Any]] = []
        var failed: [[String: Any]] = []
        var studies = Set<DICOMUID>()
        for result in results {
            switch result {
            case .stored(let instance):
                studies.insert(instance.studyUID)
                var item: [String: Any] = [
                    "00081150": Self.element("UI", [instance.sopClassUID]),
                    "00081155": Self.element("UI", [instance.sopInstanceUID.rawValue]),
                    "00081190": Self.element("UR", ["\(root)/studies/\(instance.studyUID)/series/\(instance.seriesUID)/instances/\(instance.sopInstanceUID)"]),
                ]
                if let warning = instance.warningReason { item["00081196"] = Self.element("US", [Int(warning)]) }
                referenced.append(item)
            case .failed(let failure):
                var item: [String: Any] = ["00081197": Self.element("US", [Int(failure.reason.rawValue)])]
                item["00081150"] = failure.sopClassUID.map { Self.element("UI", [$0]) } ?? ["vr": "UI"]
                item["00081155"] = failure.sopInstanceUID.map { Self.element("UI", [$0]) } ?? ["vr": "UI"]
                failed.append(item)
            }
        }
        var body: [String: Any] = [:]
        if let study = study ?? (studies.count == 1 ? studies.first : nil) {
            body["00081190"] = Self.element("UR", ["\(root)/studies/\(study)"])
        }
        if !failed.isEmpty { body["00081198"] = ["vr": "SQ", "Value": failed] }
        if !referenced.isEmpty { body["00081199"] = ["vr": "SQ", "Value": referenced] }
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func element(_ vr: String, _ values: [Any]) -> [String: Any] {
        ["vr": vr, "Value": values]
    }
}
