import DICOMCore
import DICOMWeb

/// Builds the DICOM JSON an instance's metadata requests return, stored once at ingest.
///
/// BulkDataURIs are written relative to the DICOMweb root (`/studies/…/bulkdata/…`) and
/// made absolute per request (see ``BulkDataURIRewriter``), so one stored document serves
/// clients behind any host or prefix.
enum MetadataDocument {
    /// Encodes a data set read with Pixel Data skipped.
    /// - Returns: The JSON text.
    static func make(_ dataSet: DataSet, attributes: InstanceAttributes) -> String {
        let instancePath = "/studies/\(attributes.studyUID)/series/\(attributes.seriesUID)/instances/\(attributes.sopInstanceUID)"
        let encoder = DICOMJSONEncoder(bulkDataThreshold: 1024) { reference in
            var path = instancePath + "/bulkdata"
            for (depth, tag) in reference.tagPath.enumerated() {
                path += "/" + tag.hexString
                if depth < reference.itemPath.count { path += "/\(reference.itemPath[depth])" }
            }
            return path
        }
        return String(decoding: encoder.encode(dataSet), as: UTF8.self)
    }
}
