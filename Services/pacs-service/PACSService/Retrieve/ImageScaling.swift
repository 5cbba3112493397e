import DICOMCore

/// Resizes rendered images for `viewport` and thumbnails (PS3.18 §8.3.5.1.3): the image is
/// fitted into the viewport with its aspect ratio kept; each output pixel averages the source
/// pixels its footprint covers (a box filter, so downscaled images do not alias).
enum ImageScaling {
    /// The size that fits `width`×`height` into `box` with the aspect ratio kept (at least 1×1).
    static func fitted(width: Int, height: Int, into box: (width: Int, height: Int)) -> (width: Int, height: Int) {
        let scale = min(Double(box.width) / Double(width), Double(box.height) / Double(height))
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }

    /// The image fitted into `box`; with `enlarge` false a smaller image keeps its size.
    static func fit(_ image: RenderedImage, into box: (width: Int, height: Int), enlarge: Bool = true) -> RenderedImage {
        if !enlarge && image.width <= box.width && image.height <= box.height { return image }
        let size = fitted(width: image.width, height: image.height, into: box)
        guard size.width != image.width || size.height != image.height else { return image }
        return resize(image, width: size.width, height: size.height)
    }

    /// The image resampled to `width`×`height`.
    static func resize(_ image: RenderedImage, width: Int, height: Int) -> RenderedImage {
        let channels = image.channels
        var output = [UInt8](repeating: 0, count: width * height * channels)
        let xScale = Double(image.width) / Double(width)
        let yScale = Double(image.height) / Double(height)
        image.pixels.withUnsafeBufferPointer { source in
            for y in 0..<height {
                let y0 = min(image.height - 1, Int(Double(y) * yScale))
                let y1 = max(y0 + 1, min(image.height, Int((Double(y + 1) * yScale).rounded(.up))))
                for x in 0..<width {
                    let x0 = min(image.width - 1, Int(Double(x) * xScale))
                    let x1 = max(x0 + 1, min(image.width, Int((Double(x + 1) * xScale).rounded(.up))))
                    let count = (y1 - y0) * (x1 - x0)
                    for channel in 0..<channels {
                        var sum = 0
                        for row in y0..<y1 {
                            var index = (row * image.width + x0) * channels + channel
                            for _ in x0..<x1 {
                                sum += Int(source[index])
                                index += channels
                            }
                        }
                        output[(y * width + x) * channels + channel] = UInt8((sum + count / 2) / count)
                    }
                }
            }
        }
        return RenderedImage(width: width, height: height, channels: channels, pixels: output)
    }
}
