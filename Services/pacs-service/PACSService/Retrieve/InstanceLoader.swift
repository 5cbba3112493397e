import DICOMCore
import NIOPosix

/// Reads a stored instance with its pixel data, off the event loops.
enum InstanceLoader {
    /// Opens a stored instance for its frames (see ``StoredPixels``).
    /// - Throws: ``PACSError`` `.storage` when the blob cannot be read or parsed.
    static func pixels(_ path: String) async throws -> StoredPixels {
        try await NIOThreadPool.singleton.runIfActive {
            do {
                return try StoredPixels(path: path)
            } catch let error as DICOMError {
                throw PACSError(.storage, "stored instance unreadable (\(error.code))")
            }
        }
    }
}

extension InstanceLoader {
    /// Thumbnails fit into this box unless a `viewport` says otherwise.
    static let thumbnailSize = (width: 128, height: 128)

    /// Renders one frame (0-based) of a stored instance, fits it into the viewport and encodes it.
    /// Only that frame's pixels are read when the layout allows (see ``StoredPixels``).
    /// - Parameter thumbnail: Fit into ``thumbnailSize`` when no viewport is given.
    /// - Throws: ``PACSError`` `.notFound` for a missing frame, `.notAcceptable` when the pixel data cannot be rendered.
    static func render(_ path: String, frame: Int, parameters: RenderParameters, thumbnail: Bool = false) async throws -> [UInt8] {
        try await NIOThreadPool.singleton.runIfActive {
            let pixels: StoredPixels
            do {
                pixels = try StoredPixels(path: path)
            } catch let error as DICOMError {
                throw PACSError(.storage, "stored instance unreadable (\(error.code))")
            }
            guard frame < pixels.frameCount else { throw PACSError(.notFound, "the instance has \(pixels.frameCount) frame(s)") }
            do {
                let single = try pixels.singleFrame(frame)
                let index = single.frameCount == 1 ? 0 : frame
                var image = try single.render(frame: index, transferSyntax: pixels.transferSyntax, options: parameters.options)
                if let viewport = parameters.viewport {
                    image = ImageScaling.fit(image, into: viewport)
                } else if thumbnail {
                    image = ImageScaling.fit(image, into: thumbnailSize, enlarge: false)
                }
                return parameters.mediaType == "image/png" ? try PNGEncoder.encode(image) : try JPEGEncoder.encode(image, quality: parameters.quality)
            } catch let error as DICOMError {
                throw PACSError(.notAcceptable, "this instance cannot be rendered (\(error.code))")
            }
        }
    }
}
