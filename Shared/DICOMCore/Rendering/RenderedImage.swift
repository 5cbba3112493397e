/// An 8-bit image ready for display: grey (1 channel) or RGB (3 channels), rows top to bottom.
public struct RenderedImage: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    /// `width × height × channels` bytes.
    public var pixels: [UInt8]

    /// Creates an image.
    /// - Parameters:
    ///   - width: width in pixels.
    ///   - height: height in pixels.
    ///   - channels: 1 or 3.
    ///   - pixels: the samples.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}
