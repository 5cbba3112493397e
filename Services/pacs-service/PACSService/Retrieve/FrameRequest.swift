import Foundation
import DICOMCore

/// A WADO-RS frames request (PS3.18 §10.4.1.1.6): 1-based frame numbers and the media type
/// the parts must have.
public struct FrameRequest: Sendable, Hashable {
    /// 1-based frame numbers in request order.
    public var frames: [Int]
    /// Whether the client accepts the stored (compressed) representation.
    public var acceptsStored: Bool

    /// Most frames in one request.
    public static let maximumFrames = 10_000

    /// Parses `1,3,5` and the `Accept` header.
    /// - Throws: ``PACSError`` `.badRequest` for a malformed frame list, `.notAcceptable` for an Accept
    ///   naming no octet-stream or image type.
    public init(frameList: String, accept: String?) throws {
        let parts = frameList.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= Self.maximumFrames else { throw PACSError(.badRequest, "frame list is empty or too long") }
        frames = try parts.map { part in
            guard let number = Int(part.trimmingCharacters(in: .whitespaces)), number >= 1 else {
                throw PACSError(.badRequest, "frame numbers are positive integers separated by commas")
            }
            return number
        }
        acceptsStored = false
        guard let accept, !accept.isEmpty else { acceptsStored = true; return }
        var acceptable = false
        for item in accept.split(separator: ",") {
            guard let type = HeaderMediaType(item) else { continue }
            let inner = type.essence == "multipart/related" ? (type.parameters["type"]?.lowercased() ?? "application/octet-stream") : type.essence
            switch inner {
            case "*/*", "multipart/*":
                acceptable = true
                acceptsStored = true
            case "application/octet-stream":
                acceptable = true
                if type.parameters["transfer-syntax"] == "*" { acceptsStored = true }
            case "image/jpeg", "image/jls", "image/jp2", "image/jpx", "image/dicom-rle", "video/mpeg", "video/mp4":
                acceptable = true
                acceptsStored = true
            default:
                continue
            }
        }
        guard acceptable else { throw PACSError(.notAcceptable, "frames are available as multipart/related; type=\"application/octet-stream\"") }
    }

    /// The media type of compressed frames in a transfer syntax (PS3.18 Table 8.7.3-2).
    public static func mediaType(forCompressed syntax: String) -> String {
        switch syntax {
        case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70": "image/jpeg"
        case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81": "image/jls"
        case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91": "image/jp2"
        case "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93": "image/jpx"
        case TransferSyntax.rleLosslessUID: "image/dicom-rle"
        default: "application/octet-stream"
        }
    }
}
