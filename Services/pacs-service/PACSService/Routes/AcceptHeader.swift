import Hummingbird

/// `Accept` checks for DICOM JSON answers (PS3.18 §8.7).
enum AcceptHeader {
    /// Passes when the request accepts application/dicom+json (or JSON, or anything).
    /// - Throws: ``PACSError`` `.notAcceptable` otherwise (e.g. only application/dicom+xml).
    static func requireJSON(_ request: Request) throws {
        guard let accept = request.headers[.accept], !accept.isEmpty else { return }
        let accepted = accept.split(separator: ",").compactMap { HeaderMediaType($0) }.map(\.essence)
        let ok = accepted.contains { ["application/dicom+json", "application/json", "*/*", "application/*"].contains($0) }
        if !ok { throw PACSError(.notAcceptable, "only application/dicom+json is available") }
    }
}
