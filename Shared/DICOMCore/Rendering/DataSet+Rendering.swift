#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rendering a frame for display (PS3.3 §C.7.6.3, §C.11; PS3.4 Grayscale and Color pipelines).
extension DataSet {
    /// Renders one frame to 8-bit grey or RGB.
    ///
    /// Monochrome: Modality LUT (sequence or rescale slope/intercept), then VOI (window with LINEAR,
    /// LINEAR_EXACT or SIGMOID, else VOI LUT Sequence, else the frame's range), then MONOCHROME1 inversion.
    /// Colour: RGB as is, YBR_FULL/YBR_FULL_422 converted to RGB, PALETTE COLOR through its LUTs.
    /// - Parameters:
    ///   - frame: the 0-based frame.
    ///   - transferSyntax: the transfer syntax the data set was read with.
    ///   - options: window and VOI overrides.
    /// - Returns: the image.
    /// - Throws: `DICOMError` `.unsupportedTransferSyntax` for compressed data without a decoder,
    ///   `.invalidPixelData` for unsupported photometric interpretations or missing LUTs.
    public func render(frame: Int = 0, transferSyntax: TransferSyntax, options: RenderOptions = RenderOptions()) throws(DICOMError) -> RenderedImage {
        let description = try PixelDescription(self)
        let values = try pixelValues(frame: frame, transferSyntax: transferSyntax)
        let photometric = description.photometricInterpretation
        switch photometric {
        case "MONOCHROME1", "MONOCHROME2":
            return renderMonochrome(values, description: description, options: options, invert: photometric == "MONOCHROME1")
        case "RGB":
            return RenderedImage(width: values.columns, height: values.rows, channels: 3,
                                 pixels: values.values.map { Self.scale($0, bits: description.bitsStored) })
        case "YBR_FULL", "YBR_FULL_422":
            return RenderedImage(width: values.columns, height: values.rows, channels: 3, pixels: Self.ybrToRGB(values.values, bits: description.bitsStored))
        case "PALETTE COLOR":
            return try renderPalette(values)
        default:
            throw DICOMError(.invalidPixelData, tag: .photometricInterpretation, detail: "cannot render \(photometric)")
        }
    }

    /// Scales a stored value of `bits` bits to 0...255.
    static func scale(_ value: Int64, bits: Int) -> UInt8 {
        if bits <= 8 { return UInt8(clamping: value) }
        return UInt8(clamping: value >> Int64(bits - 8))
    }

    /// YCbCr full range to RGB (PS3.3 §C.7.6.3.1.2), 8-bit.
    static func ybrToRGB(_ values: [Int64], bits: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: values.count)
        var index = 0
        while index + 2 < values.count {
            let y = Double(scale(values[index], bits: bits))
            let cb = Double(scale(values[index + 1], bits: bits)) - 128
            let cr = Double(scale(values[index + 2], bits: bits)) - 128
            output[index] = UInt8(clamping: Int((y + 1.402 * cr).rounded()))
            output[index + 1] = UInt8(clamping: Int((y - 0.344136 * cb - 0.714136 * cr).rounded()))
            output[index + 2] = UInt8(clamping: Int((y + 1.772 * cb).rounded()))
            index += 3
        }
        return output
    }

    private func renderMonochrome(_ values: PixelValues, description: PixelDescription, options: RenderOptions, invert: Bool) -> RenderedImage {
        // Modality LUT: a LUT in the Modality LUT Sequence, else rescale (PS3.3 §C.11.1).
        let modality: [Double]
        if let item = sequence(.modalityLUTSequence)?.first,
           let lut = LookupTable(in: item, descriptor: .lutDescriptor, data: .lutData) {
            modality = values.values.map { Double(lut(Int($0))) }
        } else {
            let slope = double(.rescaleSlope) ?? 1
            let intercept = double(.rescaleIntercept) ?? 0
            modality = values.values.map { Double($0) * slope + intercept }
        }
        let window = options.window ?? {
            guard let center = doubles(.windowCenter)?.first, let width = doubles(.windowWidth)?.first, width > 0 else { return nil }
            return (center, width)
        }()
        var output = [UInt8](repeating: 0, count: modality.count)
        if let (center, width) = window {
            let function = options.voiFunction ?? string(.voilutFunction).flatMap(VOIFunction.init(rawValue:)) ?? .linear
            for (index, x) in modality.enumerated() {
                output[index] = Self.byte(Self.voi(x, center: center, width: width, function: function) * 255)
            }
        } else if let item = sequence(.voilutSequence)?.first, let lut = LookupTable(in: item, descriptor: .lutDescriptor, data: .lutData) {
            let top = Double(max(1, lut.entries.max() ?? lut.maximum))
            for (index, x) in modality.enumerated() {
                output[index] = Self.byte(Double(lut(Self.integer(x))) / top * 255)
            }
        } else {
            let low = modality.min() ?? 0
            let high = modality.max() ?? 1
            let range = max(high - low, 1)
            for (index, x) in modality.enumerated() {
                output[index] = Self.byte((x - low) / range * 255)
            }
        }
        if invert { for index in output.indices { output[index] = 255 - output[index] } }
        return RenderedImage(width: values.columns, height: values.rows, channels: 1, pixels: output)
    }

    /// Rounds and clamps to 0...255; NaN (from hostile rescale or window values) gives 0.
    static func byte(_ value: Double) -> UInt8 {
        guard value.isFinite else { return value == .infinity ? 255 : 0 }
        return UInt8(clamping: Int(max(-1, min(256, value)).rounded()))
    }

    /// Rounds to an Int without trapping on NaN or out-of-range values.
    static func integer(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        return Int(max(-9.0e18, min(9.0e18, value)).rounded())
    }

    /// The VOI output in 0...1 (PS3.3 §C.11.2.1.2 and §C.11.2.1.3).
    static func voi(_ x: Double, center: Double, width: Double, function: VOIFunction) -> Double {
        switch function {
        case .linear:
            guard width > 1 else { return x <= center - 0.5 ? 0 : 1 }
            if x <= center - 0.5 - (width - 1) / 2 { return 0 }
            if x > center - 0.5 + (width - 1) / 2 { return 1 }
            return (x - (center - 0.5)) / (width - 1) + 0.5
        case .linearExact:
            if x <= center - width / 2 { return 0 }
            if x > center + width / 2 { return 1 }
            return (x - center) / width + 0.5
        case .sigmoid:
            return 1 / (1 + exp(-4 * (x - center) / width))
        }
    }

    private func renderPalette(_ values: PixelValues) throws(DICOMError) -> RenderedImage {
        func table(_ descriptor: DICOMTag, _ data: DICOMTag, _ segmented: DICOMTag) -> LookupTable? {
            LookupTable(in: self, descriptor: descriptor, data: data) ?? LookupTable(in: self, descriptor: descriptor, segmentedData: segmented)
        }
        guard let red = table(.redPaletteColorLookupTableDescriptor, .redPaletteColorLookupTableData, .segmentedRedPaletteColorLookupTableData),
              let green = table(.greenPaletteColorLookupTableDescriptor, .greenPaletteColorLookupTableData, .segmentedGreenPaletteColorLookupTableData),
              let blue = table(.bluePaletteColorLookupTableDescriptor, .bluePaletteColorLookupTableData, .segmentedBluePaletteColorLookupTableData) else {
            throw DICOMError(.invalidPixelData, tag: .redPaletteColorLookupTableData, detail: "palette LUTs missing or malformed")
        }
        var output = [UInt8](repeating: 0, count: values.values.count * 3)
        for (index, value) in values.values.enumerated() {
            let stored = Int(value)
            output[index * 3] = Self.lutTo8Bit(red(stored), bits: red.bits)
            output[index * 3 + 1] = Self.lutTo8Bit(green(stored), bits: green.bits)
            output[index * 3 + 2] = Self.lutTo8Bit(blue(stored), bits: blue.bits)
        }
        return RenderedImage(width: values.columns, height: values.rows, channels: 3, pixels: output)
    }

    static func lutTo8Bit(_ value: Int, bits: Int) -> UInt8 {
        bits > 8 ? UInt8(clamping: value >> (bits - 8)) : UInt8(clamping: value)
    }
}
