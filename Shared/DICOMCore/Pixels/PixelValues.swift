/// Decoded sample values of one frame, `rows × columns × samples`, samples interleaved.
public struct PixelValues: Sendable, Equatable {
    /// Rows.
    public var rows: Int
    /// Columns.
    public var columns: Int
    /// Samples per pixel.
    public var samples: Int
    /// The stored values (sign-extended and masked to Bits Stored), row by row, samples interleaved.
    public var values: [Int64]
}

extension DataSet {
    /// Decodes one frame to stored values: native Pixel Data and RLE Lossless.
    ///
    /// YBR_FULL_422 native data is expanded to one chroma pair per pixel; planar data is interleaved.
    /// Colour spaces are not converted (see `RenderedImage`).
    /// - Parameter index: the 0-based frame number.
    /// - Returns: the values.
    /// - Throws: `DICOMError` `.unsupportedTransferSyntax` for other compressed data, `.invalidPixelData`.
    public func pixelValues(frame index: Int, transferSyntax: TransferSyntax) throws(DICOMError) -> PixelValues {
        let description = try PixelDescription(self)
        var bytes = try frame(index)
        var planar = description.isPlanar
        if case .fragments? = self[.pixelData]?.value {
            guard transferSyntax.uid == TransferSyntax.rleLosslessUID else {
                throw DICOMError(.unsupportedTransferSyntax, tag: .pixelData,
                                 detail: "no decoder for \(transferSyntax.uid) in this release")
            }
            bytes = try RLEDecoder.decode(bytes, description: description)
            planar = false
        }
        return try PixelUnpacker(description: description, planar: planar).unpack(bytes)
    }
}

/// Turns native frame bytes into values.
struct PixelUnpacker {
    let description: PixelDescription
    let planar: Bool

    func unpack(_ bytes: [UInt8]) throws(DICOMError) -> PixelValues {
        let pixels = description.pixelsPerFrame
        let samples = description.samplesPerPixel
        let bits = description.bitsAllocated
        // Check the data before allocating anything sized by the (untrusted) attributes.
        let subsampled = description.isSubsampled422 && samples == 3 && bits == 8
        guard subsampled ? bytes.count >= pixels * 2 : bytes.count * 8 >= pixels * samples * bits else { throw short() }
        var values = [Int64](repeating: 0, count: pixels * samples)
        if subsampled {
            // Y1 Y2 Cb Cr for each horizontal pair of pixels (PS3.3 §C.7.6.3.1.2).
            for pair in 0..<(pixels / 2) {
                let base = pair * 4
                for (slot, luminance) in [bytes[base], bytes[base + 1]].enumerated() {
                    let pixel = pair * 2 + slot
                    values[pixel * 3] = Int64(luminance)
                    values[pixel * 3 + 1] = Int64(bytes[base + 2])
                    values[pixel * 3 + 2] = Int64(bytes[base + 3])
                }
            }
            return PixelValues(rows: description.rows, columns: description.columns, samples: 3, values: values)
        }
        let stored = description.bitsStored
        let mask: UInt64 = stored >= 64 ? .max : (1 << UInt64(stored)) - 1
        for sampleIndex in 0..<(pixels * samples) {
            // Position of this (pixel, sample) in the buffer.
            let pixel = sampleIndex / samples
            let sample = sampleIndex % samples
            let source = planar ? sample * pixels + pixel : sampleIndex
            var raw: UInt64
            if bits == 1 {
                raw = UInt64(bytes[source / 8] >> (source % 8) & 1)
            } else {
                let size = bits / 8
                raw = BinaryValues.unsigned(bytes[...], at: source * size, size: size, littleEndian: true)
            }
            raw &= mask
            if description.isSigned && stored < 64 && raw >> UInt64(stored - 1) & 1 == 1 {
                values[sampleIndex] = Int64(bitPattern: raw | ~mask)
            } else {
                values[sampleIndex] = Int64(bitPattern: raw)
            }
        }
        return PixelValues(rows: description.rows, columns: description.columns, samples: samples, values: values)
    }

    private func short() -> DICOMError {
        DICOMError(.invalidPixelData, tag: .pixelData, detail: "frame shorter than its attributes say")
    }
}
