/// What to do with Pixel Data and large values while reading.
public struct ReadOptions: Sendable, Hashable {
    /// How top-level Pixel Data (7FE0,0008/0009/0010) is handled.
    public enum PixelDataHandling: Sendable, Hashable {
        /// Load it (as bytes or fragments).
        case load
        /// Do not load it; record its offset and length as a `.deferred` value.
        case skip
        /// Stop reading at its header (as pydicom's `stop_before_pixels`); `DICOMFile.pixelDataOffset` says where.
        case stop
    }

    /// How top-level Pixel Data is handled (default `.load`).
    public var pixelData: PixelDataHandling
    /// Non-sequence values longer than this many bytes are recorded as `.deferred` (default: none).
    public var deferValuesLongerThan: Int?
    /// The deepest sequence nesting accepted (default 64).
    public var maximumDepth: Int

    /// Creates options.
    /// - Parameters:
    ///   - pixelData: how Pixel Data is handled.
    ///   - deferValuesLongerThan: size above which values are not loaded.
    ///   - maximumDepth: the nesting limit.
    public init(pixelData: PixelDataHandling = .load, deferValuesLongerThan: Int? = nil, maximumDepth: Int = 64) {
        self.pixelData = pixelData
        self.deferValuesLongerThan = deferValuesLongerThan
        self.maximumDepth = maximumDepth
    }

    /// Load everything.
    public static let `default` = ReadOptions()
    /// Index headers: stop before Pixel Data.
    public static let stopBeforePixelData = ReadOptions(pixelData: .stop)
}
