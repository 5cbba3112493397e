import NIOCore

/// Makes the stored, root-relative BulkDataURIs (`"BulkDataURI":"/studies/…"`) absolute for
/// the client that asked. The pattern cannot occur inside a JSON string value (its quotes
/// would be escaped there), so a plain search is exact.
struct BulkDataURIRewriter {
    /// The DICOMweb root URL.
    var root: String

    private static let marker = Array("\"BulkDataURI\":\"/".utf8)

    /// Joins documents into a JSON array with absolute BulkDataURIs.
    func array(_ documents: [String]) -> ByteBuffer {
        let rootBytes = Array(root.utf8)
        var out = ByteBuffer()
        out.reserveCapacity(documents.reduce(2) { $0 + $1.utf8.count + 1 })
        out.writeStaticString("[")
        for (position, document) in documents.enumerated() {
            if position > 0 { out.writeStaticString(",") }
            var utf8 = Array(document.utf8)
            var start = 0
            var index = 0
            let marker = Self.marker
            while index + marker.count <= utf8.count {
                if utf8[index] == marker[0], utf8[index..<index + marker.count].elementsEqual(marker) {
                    let cut = index + marker.count - 1
                    out.writeBytes(utf8[start..<cut])
                    out.writeBytes(rootBytes)
                    start = cut
                    index = cut + 1
                } else {
                    index += 1
                }
            }
            out.writeBytes(utf8[start...])
            utf8.removeAll()
        }
        out.writeStaticString("]")
        return out
    }
}
