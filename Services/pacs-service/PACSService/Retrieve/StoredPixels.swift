import DICOMCore

/// A stored instance opened for its frames, loading only what a request needs: native
/// little-endian Pixel Data stays on disk and each frame is read from its own byte range;
/// other layouts (encapsulated, big endian, deflated, 1-bit) are loaded whole.
struct StoredPixels: Sendable {
    /// The header (Pixel Data loaded or deferred).
    let dataSet: DataSet
    /// The stored transfer syntax.
    let transferSyntax: TransferSyntax
    private let path: String
    /// Where native Pixel Data lies in the file when it was not loaded.
    private let range: (offset: Int, length: Int)?

    /// Opens the instance at `path`.
    /// - Throws: `DICOMError` when it cannot be read.
    init(path: String) throws(DICOMError) {
        self.path = path
        let header = try DICOMFile(path: path, options: ReadOptions(pixelData: .skip, deferValuesLongerThan: 1 << 20))
        let description = try? PixelDescription(header.dataSet)
        if !header.transferSyntax.isEncapsulated, header.transferSyntax.isLittleEndian, !header.transferSyntax.isDeflated,
           let description, description.bitsAllocated % 8 == 0,
           case .deferred(let offset, let length)? = header.dataSet[.pixelData]?.value,
           header.dataSet.elements.allSatisfy({ element in
               if case .deferred = element.value { return element.tag == .pixelData }
               return true
           }) {
            dataSet = header.dataSet
            range = (offset, length)
        } else {
            dataSet = try DICOMFile(path: path).dataSet
            range = nil
        }
        transferSyntax = header.transferSyntax
    }

    /// The number of frames.
    var frameCount: Int { dataSet.frameCount }

    /// One frame's bytes (0-based), as `DataSet.frame(_:)` returns them.
    /// - Throws: `DICOMError` `.notFound` out of range, `.invalidPixelData` for short data, `.io`.
    func frame(_ index: Int) throws(DICOMError) -> [UInt8] {
        guard let range else { return try dataSet.frame(index) }
        let description = try PixelDescription(dataSet)
        guard index >= 0, index < description.numberOfFrames else {
            throw DICOMError(.notFound, tag: .pixelData, detail: "frame \(index) of \(description.numberOfFrames)")
        }
        let length = description.frameLength
        guard (index + 1) * length <= range.length else {
            throw DICOMError(.invalidPixelData, tag: .pixelData, detail: "Pixel Data shorter than frame \(index)")
        }
        return try DICOMFile.readRange(path: path, offset: range.offset + index * length, length: length)
    }

    /// A data set holding only frame `index` (for rendering it without the other frames).
    /// - Throws: as ``frame(_:)``.
    func singleFrame(_ index: Int) throws(DICOMError) -> DataSet {
        guard range != nil else { return dataSet }
        var single = dataSet
        let vr = dataSet[.pixelData]?.vr ?? .OW
        single.set(DataElement(tag: .pixelData, vr: vr, value: .bytes(ArraySlice(try frame(index)))))
        if dataSet.contains(.numberOfFrames) { try single.set(.numberOfFrames, integers: [1]) }
        return single
    }
}
