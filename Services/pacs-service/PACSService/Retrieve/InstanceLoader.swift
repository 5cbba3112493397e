import DICOMCore
import NIOPosix

/// Reads a stored instance with its pixel data, off the event loops.
enum InstanceLoader {
    /// Loads the data set (Pixel Data included).
    /// - Throws: ``PACSError`` `.storage` when the blob cannot be read or parsed.
    static func load(_ path: String) async throws -> DataSet {
        try await NIOThreadPool.singleton.runIfActive {
            do {
                return try DICOMFile(path: path).dataSet
            } catch let error as DICOMError {
                throw PACSError(.storage, "stored instance unreadable (\(error.code))")
            }
        }
    }
}

extension InstanceLoader {
    /// Renders one frame (0-based) of a stored instance and encodes it.
    /// - Throws: ``PACSError`` `.notFound` for a missing frame, `.notAcceptable` when the pixel data cannot be rendered.
    static func render(_ path: String, frame: Int, parameters: RenderParameters) async throws -> [UInt8] {
        try await NIOThreadPool.singleton.runIfActive {
            let file: DICOMFile
            do {
                file = try DICOMFile(path: path)
            } catch let error as DICOMError {
                throw PACSError(.storage, "stored instance unreadable (\(error.code))")
            }
            guard frame < file.dataSet.frameCount else { throw PACSError(.notFound, "the instance has \(file.dataSet.frameCount) frame(s)") }
            do {
                let image = try file.dataSet.render(frame: frame, transferSyntax: file.transferSyntax, options: parameters.options)
                return parameters.mediaType == "image/png" ? try PNGEncoder.encode(image) : try JPEGEncoder.encode(image, quality: parameters.quality)
            } catch let error as DICOMError {
                throw PACSError(.notAcceptable, "this instance cannot be rendered (\(error.code))")
            }
        }
    }
}
