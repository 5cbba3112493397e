import DICOMCore
import Foundation

/// Parameters of a rendered request (PS3.18 §8.3.5.1): media type, `window=center,width[,function]`,
/// `quality` (1–100) and `viewport=width,height` (the image is fitted into it, aspect ratio kept).
public struct RenderParameters: Sendable {
    /// `image/jpeg` or `image/png`.
    public var mediaType = "image/jpeg"
    /// Rendering options (window and VOI function).
    public var options = RenderOptions()
    /// JPEG quality.
    public var quality = 90
    /// The viewport the image is fitted into, if asked.
    public var viewport: (width: Int, height: Int)?

    /// Parses the query and `Accept`.
    /// - Throws: ``PACSError`` `.badRequest` for malformed values, `.notAcceptable` for other media types.
    public init(query: [(name: String, value: String)], accept: String?) throws {
        if let accept, !accept.isEmpty {
            let types = accept.split(separator: ",").compactMap { HeaderMediaType($0)?.essence }
            if let first = types.first(where: { ["image/jpeg", "image/png", "*/*", "image/*"].contains($0) }) {
                mediaType = first == "image/png" ? "image/png" : "image/jpeg"
            } else {
                throw PACSError(.notAcceptable, "rendered images are available as image/jpeg or image/png")
            }
        }
        for (name, value) in query {
            switch name {
            case "window":
                let parts = value.split(separator: ",")
                guard parts.count == 2 || parts.count == 3, let center = Double(parts[0]), let width = Double(parts[1]), width > 0 else {
                    throw PACSError(.badRequest, "window must be center,width[,linear|linear-exact|sigmoid]")
                }
                options.window = (center, width)
                if parts.count == 3 {
                    switch parts[2].lowercased() {
                    case "linear": options.voiFunction = .linear
                    case "linear-exact": options.voiFunction = .linearExact
                    case "sigmoid": options.voiFunction = .sigmoid
                    default: throw PACSError(.badRequest, "window function must be linear, linear-exact or sigmoid")
                    }
                }
            case "quality":
                guard let number = Int(value), (1...100).contains(number) else { throw PACSError(.badRequest, "quality must be 1 to 100") }
                quality = number
            case "viewport":
                let parts = value.split(separator: ",")
                guard parts.count == 2 || parts.count == 6, let width = Int(parts[0]), let height = Int(parts[1]),
                      (1...8192).contains(width), (1...8192).contains(height) else {
                    throw PACSError(.badRequest, "viewport must be width,height (1 to 8192 pixels each)")
                }
                viewport = (width, height)
            case "accept", "annotation", "charset", "_":
                continue
            default:
                continue
            }
        }
    }
}
