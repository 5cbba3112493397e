/// RLE Lossless decoding (PS3.5 Annex G): a 64-byte header of segment offsets, then PackBits segments,
/// one per byte plane (most significant byte first) of each sample.
enum RLEDecoder {
    /// Decodes one RLE frame into native little endian, sample-interleaved bytes.
    /// - Parameters:
    ///   - frame: the compressed frame.
    ///   - description: the image layout.
    /// - Returns: `rows × columns × samples × bytesPerSample` bytes.
    /// - Throws: `DICOMError.Code.invalidPixelData` for malformed data.
    static func decode(_ frame: [UInt8], description: PixelDescription) throws(DICOMError) -> [UInt8] {
        let bytesPerSample = description.bitsAllocated / 8
        guard description.bitsAllocated % 8 == 0, bytesPerSample >= 1 else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "RLE needs whole bytes per sample")
        }
        let pixels = description.pixelsPerFrame
        let samples = description.samplesPerPixel
        let segmentCount = bytesPerSample * samples
        guard frame.count >= 64 else { throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "RLE header truncated") }
        let declared = Int(BinaryValues.unsigned(frame[0..<4], at: 0, size: 4, littleEndian: true))
        guard declared == segmentCount, segmentCount <= 15 else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "RLE segment count \(declared), expected \(segmentCount)")
        }
        // A PackBits repeat run turns 2 bytes into at most 128: anything claiming more is hostile.
        let decodedSize = pixels * samples * bytesPerSample
        guard decodedSize <= frame.count * 64 + 64 * segmentCount, decodedSize <= PixelDescription.maximumFrameBytes else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "RLE frame cannot decode to \(decodedSize) bytes")
        }
        var offsets: [Int] = (0..<segmentCount).map { Int(BinaryValues.unsigned(frame[0..<64], at: 4 + 4 * $0, size: 4, littleEndian: true)) }
        offsets.append(frame.count)
        var output = [UInt8](repeating: 0, count: pixels * samples * bytesPerSample)
        for segment in 0..<segmentCount {
            let start = offsets[segment]
            let end = min(offsets[segment + 1], frame.count)
            guard start >= 64, start <= end else { throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "bad RLE segment offset") }
            let sample = segment / bytesPerSample
            let byteInSample = bytesPerSample - 1 - segment % bytesPerSample  // segments go MSB first
            let stride = samples * bytesPerSample
            var target = sample * bytesPerSample + byteInSample
            var written = 0
            var position = start
            while position < end && written < pixels {
                let control = Int8(bitPattern: frame[position])
                position += 1
                if control >= 0 {
                    let count = Int(control) + 1
                    guard position + count <= end else { break }
                    for offset in 0..<min(count, pixels - written) {
                        output[target] = frame[position + offset]
                        target += stride
                    }
                    written += min(count, pixels - written)
                    position += count
                } else if control != -128 {
                    guard position < end else { break }
                    let count = 1 - Int(control)
                    let value = frame[position]
                    position += 1
                    for _ in 0..<min(count, pixels - written) {
                        output[target] = value
                        target += stride
                    }
                    written += min(count, pixels - written)
                }
            }
            guard written == pixels else {
                throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "RLE segment \(segment) decodes to \(written) of \(pixels) bytes")
            }
        }
        return output
    }
}
