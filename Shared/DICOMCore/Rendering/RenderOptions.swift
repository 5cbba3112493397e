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
