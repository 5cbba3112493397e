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

/// Choices for rendering (PS3.18 §8.3.5 rendered media types: window, frame).
public struct RenderOptions: Sendable, Hashable {
    /// Window centre and width overriding the data set's (0028,1050/1051).
    public var window: (center: Double, width: Double)?
    /// The VOI LUT function to use with the window (default: the data set's (0028,1056), else LINEAR).
    public var voiFunction: VOIFunction?

    /// Creates options.
    /// - Parameters:
    ///   - window: an explicit window.
    ///   - voiFunction: an explicit VOI LUT function.
    public init(window: (center: Double, width: Double)? = nil, voiFunction: VOIFunction? = nil) {
        self.window = window
        self.voiFunction = voiFunction
    }

    public static func == (lhs: RenderOptions, rhs: RenderOptions) -> Bool {
        lhs.window?.center == rhs.window?.center && lhs.window?.width == rhs.window?.width && lhs.voiFunction == rhs.voiFunction
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(window?.center)
        hasher.combine(window?.width)
        hasher.combine(voiFunction)
    }
}

/// VOI LUT Function (0028,1056), PS3.3 §C.11.2.1.3.
public enum VOIFunction: String, Sendable, Hashable {
    case linear = "LINEAR"
    case linearExact = "LINEAR_EXACT"
    case sigmoid = "SIGMOID"
}
