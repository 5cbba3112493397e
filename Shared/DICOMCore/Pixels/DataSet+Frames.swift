/// Frame extraction from native and encapsulated Pixel Data (PS3.5 §8.2, §A.4; PS3.18 §10.4 frames).
extension DataSet {
    /// The number of frames (Number of Frames, 1 when absent).
    public var frameCount: Int { max(1, integer(.numberOfFrames) ?? 1) }

    /// The bytes of one frame.
    ///
    /// Native data: the frame's bytes in little endian order (1-bit frames repacked to start at bit 0).
    /// Encapsulated data: the compressed frame — found through the Extended Offset Table, else the
    /// Basic Offset Table, else (empty table) one frame per fragment, all fragments for a single frame,
    /// or fragments grouped at JPEG / JPEG 2000 start-of-codestream markers.
    /// - Parameter index: the 0-based frame number.
    /// - Returns: the frame bytes.
    /// - Throws: `DICOMError` `.notFound` for a frame out of range, `.invalidPixelData` for missing or short data.
    public func frame(_ index: Int) throws(DICOMError) -> [UInt8] {
        guard let element = self[.pixelData] else { throw DICOMError(.notFound, tag: .pixelData, detail: "no Pixel Data") }
        let description = try PixelDescription(self)
        guard index >= 0, index < description.numberOfFrames else {
            throw DICOMError(.notFound, tag: .pixelData, detail: "frame \(index) of \(description.numberOfFrames)")
        }
        switch element.value {
        case .bytes(let bytes):
            return try nativeFrame(bytes, index: index, description: description, vr: element.vr)
        case .fragments(let pixels):
            return try EncapsulatedFrames(pixels: pixels, dataSet: self, frameCount: description.numberOfFrames).frame(index)
        case .sequence, .deferred:
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "Pixel Data not loaded")
        }
    }

    private func nativeFrame(_ bytes: ArraySlice<UInt8>, index: Int, description: PixelDescription, vr: VR) throws(DICOMError) -> [UInt8] {
        if description.bitsAllocated == 1 {
            return try bitFrame(bytes, index: index, description: description)
        }
        let length = description.frameLength
        var source = bytes
        if !isLittleEndian && vr != .OB && description.bitsAllocated > 8 || !isLittleEndian && vr == .OW {
            // Big endian OW words are swapped (8-bit data as 16-bit words, wider samples per sample, as pydicom).
            source = ArraySlice(ByteSwap.swapped(bytes, size: description.bitsAllocated == 8 ? 2 : description.bitsAllocated / 8))
        }
        let start = source.startIndex + index * length
        guard start + length <= source.endIndex else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "Pixel Data shorter than frame \(index)")
        }
        return Array(source[start..<(start + length)])
    }

    /// Copies frame `index` of 1-bit data to a new buffer starting at bit 0 (frames need not be byte aligned).
    private func bitFrame(_ bytes: ArraySlice<UInt8>, index: Int, description: PixelDescription) throws(DICOMError) -> [UInt8] {
        let bits = description.frameBits
        let firstBit = index * bits
        guard (firstBit + bits + 7) / 8 <= bytes.count else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "Pixel Data shorter than frame \(index)")
        }
        if firstBit % 8 == 0 {
            let start = bytes.startIndex + firstBit / 8
            return Array(bytes[start..<(start + (bits + 7) / 8)])
        }
        var result = [UInt8](repeating: 0, count: (bits + 7) / 8)
        for bit in 0..<bits {
            let source = firstBit + bit
            if bytes[bytes.startIndex + source / 8] >> (source % 8) & 1 == 1 {
                result[bit / 8] |= 1 << (bit % 8)
            }
        }
        return result
    }
}
