import DICOMCore

/// Resolves the BulkDataURIs the metadata documents carry
/// (`…/instances/{i}/bulkdata/{tag}[/{item}/{tag}]…`, see ``MetadataDocument``) to value
/// bytes, reading only the value's byte range when the stored layout allows it.
struct BulkDataReader: Sendable {
    /// A parsed bulkdata path: tags with the item index that follows each but the last.
    struct Path: Sendable, Hashable {
        var tags: [DICOMTag]
        var items: [Int]

        /// Most nesting levels accepted in a path.
        static let maximumDepth = 16

        /// Parses `7FE00010` or `00540016/0/00181072`.
        /// - Throws: ``PACSError`` `.badRequest` for anything else.
        init(_ segments: [Substring]) throws {
            guard segments.count % 2 == 1, segments.count <= 2 * Self.maximumDepth + 1 else {
                throw PACSError(.badRequest, "a bulkdata path alternates tags and item numbers and ends with a tag")
            }
            tags = []
            items = []
            for (position, segment) in segments.enumerated() {
                if position % 2 == 0 {
                    guard segment.count == 8, let value = UInt32(segment, radix: 16) else { throw PACSError(.badRequest, "bulkdata tags are 8 hex digits") }
                    tags.append(DICOMTag(rawValue: value))
                } else {
                    guard let item = Int(segment), item >= 0 else { throw PACSError(.badRequest, "bulkdata item numbers are non-negative integers") }
                    items.append(item)
                }
            }
        }

        /// Whether it names top-level Pixel Data (or Float / Double Float Pixel Data).
        var isPixelData: Bool { tags.count == 1 && [DICOMTag.pixelData.rawValue, 0x7FE0_0008, 0x7FE0_0009].contains(tags[0].rawValue) }
    }

    /// The stored file.
    let path: String

    /// The value bytes (little endian) of a non-pixel element.
    /// - Throws: ``PACSError`` `.notFound` when the path names nothing, `.storage` when the blob cannot be read.
    func value(at target: Path) throws -> [UInt8] {
        do {
            let file = try DICOMFile(path: path, options: ReadOptions(pixelData: .skip, deferValuesLongerThan: 64 << 10))
            let loaded = file.transferSyntax.isDeflated ? try DICOMFile(path: path) : file
            guard let element = Self.element(at: target, in: loaded.dataSet) else { throw PACSError(.notFound, "no such bulk data") }
            let bytes: [UInt8]
            switch element.value {
            case .bytes(let slice): bytes = Array(slice)
            case .deferred(let offset, let length): bytes = try DICOMFile.readRange(path: path, offset: offset, length: length)
            case .sequence, .fragments: throw PACSError(.notFound, "this element has no bulk data value")
            }
            let size = Self.wordSize(element.vr)
            return loaded.transferSyntax.isLittleEndian || size == 1 ? bytes : ByteSwap.swapped(bytes[...], size: size)
        } catch let error as DICOMError {
            throw PACSError(.storage, "stored instance unreadable (\(error.code))")
        }
    }

    /// The element a path names, descending through sequence items.
    static func element(at target: Path, in dataSet: DataSet) -> DataElement? {
        var current = dataSet
        for (depth, tag) in target.tags.enumerated() {
            guard let element = current[tag] else { return nil }
            if depth == target.tags.count - 1 { return element }
            guard let items = element.items, target.items[depth] < items.count else { return nil }
            current = items[target.items[depth]]
        }
        return nil
    }

    /// The size of the words a VR's value is made of (1: no byte order).
    static func wordSize(_ vr: VR) -> Int {
        switch vr {
        case .OW, .US, .SS: 2
        case .OL, .UL, .SL, .FL, .OF: 4
        case .OD, .FD, .OV, .UV, .SV: 8
        default: 1
        }
    }
}
