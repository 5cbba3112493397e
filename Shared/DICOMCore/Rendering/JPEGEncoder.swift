import CDICOMTurboJPEG

/// Encodes 8-bit grey or RGB images as baseline JPEG with libjpeg-turbo (TurboJPEG API).
public enum JPEGEncoder {
    /// Encodes an image.
    /// - Parameters:
    ///   - image: a 1- or 3-channel image.
    ///   - quality: 1...100 (default 90).
    /// - Returns: the JPEG file bytes.
    /// - Throws: `DICOMError.Code.invalidValue` when libjpeg-turbo fails.
    public static func encode(_ image: RenderedImage, quality: Int = 90) throws(DICOMError) -> [UInt8] {
        guard let handle = tjInitCompress() else { throw DICOMError(.invalidValue, detail: "tjInitCompress failed") }
        defer { tjDestroy(handle) }
        var buffer: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let grey = image.channels == 1
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            tjCompress2(handle, pixels.baseAddress, Int32(image.width), 0, Int32(image.height),
                        Int32(grey ? TJPF_GRAY.rawValue : TJPF_RGB.rawValue), &buffer, &size,
                        Int32(grey ? TJSAMP_GRAY.rawValue : TJSAMP_420.rawValue), Int32(min(max(quality, 1), 100)), 0)
        }
        defer { if let buffer { tjFree(buffer) } }
        guard status == 0, let buffer else { throw DICOMError(.invalidValue, detail: "tjCompress2 failed") }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }
}
