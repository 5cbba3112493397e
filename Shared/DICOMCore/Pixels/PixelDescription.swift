/// The Image Pixel module attributes that say how Pixel Data is laid out (PS3.3 §C.7.6.3).
public struct PixelDescription: Sendable, Hashable {
    /// Rows (0028,0010).
    public var rows: Int
    /// Columns (0028,0011).
    public var columns: Int
    /// Samples per Pixel (0028,0002).
    public var samplesPerPixel: Int
    /// Bits Allocated (0028,0100): 1, 8, 16, 32 or 64.
    public var bitsAllocated: Int
    /// Bits Stored (0028,0101).
    public var bitsStored: Int
    /// Pixel Representation (0028,0103): true for two's complement.
    public var isSigned: Bool
    /// Planar Configuration (0028,0006): true when samples are stored plane by plane.
    public var isPlanar: Bool
    /// Number of Frames (0028,0008), 1 when absent.
    public var numberOfFrames: Int
    /// Photometric Interpretation (0028,0004), e.g. `MONOCHROME2`, `RGB`, `YBR_FULL_422`.
    public var photometricInterpretation: String

    /// Reads the attributes from a data set.
    /// - Parameter dataSet: the data set holding Pixel Data.
    /// - Throws: `DICOMError.Code.invalidPixelData` when required attributes are missing or impossible.
    public init(_ dataSet: DataSet) throws(DICOMError) {
        guard let rows = dataSet.integer(.rows), let columns = dataSet.integer(.columns),
              let bitsAllocated = dataSet.integer(.bitsAllocated) else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "Rows, Columns or Bits Allocated missing")
        }
        self.rows = rows
        self.columns = columns
        self.bitsAllocated = bitsAllocated
        samplesPerPixel = dataSet.integer(.samplesPerPixel) ?? 1
        bitsStored = dataSet.integer(.bitsStored) ?? bitsAllocated
        isSigned = dataSet.integer(.pixelRepresentation) == 1
        isPlanar = dataSet.integer(.planarConfiguration) == 1
        numberOfFrames = max(1, dataSet.integer(.numberOfFrames) ?? 1)
        photometricInterpretation = dataSet.string(.photometricInterpretation) ?? "MONOCHROME2"
        guard rows > 0, columns > 0, rows <= 65535, columns <= 65535,
              [1, 8, 16, 32, 64].contains(bitsAllocated), (1...4).contains(samplesPerPixel),
              bitsStored >= 1, bitsStored <= bitsAllocated, numberOfFrames <= 1 << 24 else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "impossible image pixel attributes")
        }
    }

    /// The largest decoded frame accepted (1 GiB), so hostile attributes cannot exhaust memory.
    public static let maximumFrameBytes = 1 << 30

    /// True for YBR_FULL_422 / YBR_PARTIAL_422, whose native chroma is horizontally subsampled.
    public var isSubsampled422: Bool { photometricInterpretation.hasSuffix("_422") }

    /// Pixels in one frame.
    public var pixelsPerFrame: Int { rows * columns }

    /// The length in bits of one native frame (422 stores two samples per pixel on average).
    public var frameBits: Int {
        let samples = isSubsampled422 && samplesPerPixel == 3 ? 2 : samplesPerPixel
        return pixelsPerFrame * samples * bitsAllocated
    }

    /// The length in bytes of one native frame (1-bit frames rounded up).
    public var frameLength: Int { (frameBits + 7) / 8 }
}
