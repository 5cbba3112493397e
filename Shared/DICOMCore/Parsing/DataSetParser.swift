/// Parses encoded data sets from a contiguous byte array with index arithmetic (PS3.5 §7).
///
/// Every length is checked against the bytes that remain before anything is sliced or
/// allocated; every failure is a `DICOMError` with the byte offset and tag.
struct DataSetParser {
    /// The whole input; values are zero-copy slices of it.
    let bytes: [UInt8]
    /// The length of the real input when `bytes` is only a prefix of it (lazy file reading).
    let declaredLength: Int
    let options: ReadOptions
    /// Set when reading stopped at top-level Pixel Data.
    var stoppedAt: Int?
    /// The last Pixel Representation (0028,0103) read, to resolve `US or SS` elements in implicit VR.
    var pixelRepresentation: UInt16 = 0
    /// The character set in force in the data set being parsed, inherited by the items of its sequences.
    var currentCharacterSet: SpecificCharacterSet?

    /// Thrown internally when a value that must be read lies beyond the loaded prefix.
    static let needMoreData = DICOMError(.truncated, detail: "need more data")

    init(bytes: [UInt8], declaredLength: Int? = nil, options: ReadOptions) {
        self.bytes = bytes
        self.declaredLength = declaredLength ?? bytes.count
        self.options = options
    }

    // MARK: Primitive reads (callers check bounds first)

    @inline(__always)
    func u16(_ offset: Int, _ little: Bool) -> UInt16 {
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt16.self) }
        return little ? UInt16(littleEndian: raw) : UInt16(bigEndian: raw)
    }

    @inline(__always)
    func u32(_ offset: Int, _ little: Bool) -> UInt32 {
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        return little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
    }

    static let undefinedLength: UInt32 = 0xFFFF_FFFF

    // MARK: Data sets

    /// Parses elements from `start` up to `end`, or up to an Item Delimitation Item when `delimited`.
    /// - Returns: the data set and the offset just past it (past the delimiter when delimited).
    mutating func parseDataSet(
        from start: Int, to end: Int, delimited: Bool, depth: Int, explicitVR: Bool, littleEndian: Bool,
        stopAtGroup: UInt16? = nil, inheritedCharacterSet: SpecificCharacterSet? = nil
    ) throws(DICOMError) -> (DataSet, Int) {
        var elements: [DataElement] = []
        elements.reserveCapacity(depth == 0 ? 128 : 16)
        var sorted = true
        var lastTag: UInt32 = 0
        var position = start
        var creators = PrivateCreators()
        let savedCharacterSet = currentCharacterSet
        currentCharacterSet = inheritedCharacterSet
        defer { currentCharacterSet = savedCharacterSet }
        let available = min(end, bytes.count)
        while true {
            if position >= end {
                if delimited { throw DICOMError(.truncated, offset: position, detail: "missing item delimiter") }
                break
            }
            guard available - position >= 8 else {
                if available < end { throw Self.needMoreData }
                throw DICOMError(.truncated, offset: position, detail: "element header")
            }
            let group = u16(position, littleEndian)
            let elementNumber = u16(position + 2, littleEndian)
            if let stopAtGroup, group != stopAtGroup { break }
            let tag = DICOMTag(group: group, element: elementNumber)
            if group == 0xFFFE {
                if elementNumber == 0xE00D && delimited {
                    position += 8
                    return (finish(elements, sorted: sorted, littleEndian: littleEndian, inherited: inheritedCharacterSet), position)
                }
                throw DICOMError(.invalidItem, offset: position, tag: tag, detail: "item tag inside a data set")
            }
            if depth == 0, options.pixelData == .stop, isPixelDataTag(tag.rawValue) {
                stoppedAt = position
                break
            }
            let (element, next) = try parseElement(at: position, tag: tag, end: end, depth: depth,
                                                   explicitVR: explicitVR, littleEndian: littleEndian, creators: &creators)
            if tag.rawValue <= lastTag && !elements.isEmpty { sorted = false }
            lastTag = tag.rawValue
            elements.append(element)
            position = next
        }
        return (finish(elements, sorted: sorted, littleEndian: littleEndian, inherited: inheritedCharacterSet), position)
    }

    private func finish(_ elements: [DataElement], sorted: Bool, littleEndian: Bool, inherited: SpecificCharacterSet?) -> DataSet {
        if sorted {
            return DataSet(sortedElements: elements, isLittleEndian: littleEndian, inheritedCharacterSet: inherited)
        }
        return DataSet(elements: elements, isLittleEndian: littleEndian, inheritedCharacterSet: inherited)
    }

    @inline(__always)
    private func isPixelDataTag(_ raw: UInt32) -> Bool {
        raw == 0x7FE0_0010 || raw == 0x7FE0_0008 || raw == 0x7FE0_0009
    }

    // MARK: Elements

    /// Parses one element whose tag has been read at `start`.
    private mutating func parseElement(
        at start: Int, tag: DICOMTag, end: Int, depth: Int, explicitVR: Bool, littleEndian: Bool,
        creators: inout PrivateCreators
    ) throws(DICOMError) -> (DataElement, Int) {
        let available = min(end, bytes.count)
        var vr: VR
        var length: UInt32
        var valueStart: Int
        if explicitVR {
            if let explicit = VR(bytes[start + 4], bytes[start + 5]) {
                vr = explicit
                if vr.hasLongLength {
                    guard available - start >= 12 else {
                        if available < end { throw Self.needMoreData }
                        throw DICOMError(.truncated, offset: start, tag: tag, detail: "element header")
                    }
                    length = u32(start + 8, littleEndian)
                    valueStart = start + 12
                } else {
                    length = UInt32(u16(start + 6, littleEndian))
                    valueStart = start + 8
                }
            } else if bytes[start + 4] == 0 && bytes[start + 5] == 0 || bytes[start + 4] == 0x20 && bytes[start + 5] == 0x20 {
                // Some writers leave the VR blank; such elements carry a 16-bit length.
                vr = implicitVR(tag, creators: creators, undefinedLength: false)
                length = UInt32(u16(start + 6, littleEndian))
                valueStart = start + 8
            } else {
                throw DICOMError(.invalidVR, offset: start + 4, tag: tag, detail: "bytes \(bytes[start + 4]) \(bytes[start + 5])")
            }
        } else {
            length = u32(start + 4, littleEndian)
            vr = implicitVR(tag, creators: creators, undefinedLength: length == Self.undefinedLength)
            valueStart = start + 8
        }
        if vr == .UN && explicitVR && length != Self.undefinedLength && length < 0xFFFF {
            // A known element sent as UN is read with its real VR (as pydicom's replace_un_with_known_vr).
            let known = implicitVR(tag, creators: creators, undefinedLength: false)
            if known != .UN && known != .SQ { vr = known }
        }

        if length == Self.undefinedLength {
            return try parseUndefinedLength(at: start, tag: tag, vr: vr, valueStart: valueStart, end: end, depth: depth,
                                            explicitVR: explicitVR, littleEndian: littleEndian)
        }

        let valueLength = Int(length)
        let valueEnd = valueStart + valueLength
        let deferPixels = depth == 0 && options.pixelData == .skip && isPixelDataTag(tag.rawValue)
        let deferLarge = options.deferValuesLongerThan.map { valueLength > $0 } ?? false
        if (deferPixels || deferLarge) && vr != .SQ {
            guard valueLength <= min(end, declaredLength) - valueStart else {
                throw DICOMError(.invalidLength, offset: start, tag: tag, detail: "length \(valueLength) past end")
            }
            return (DataElement(tag: tag, vr: vr, value: .deferred(offset: valueStart, length: valueLength), offset: start), valueEnd)
        }
        guard valueLength <= available - valueStart else {
            if available < end && valueLength <= min(end, declaredLength) - valueStart { throw Self.needMoreData }
            throw DICOMError(.invalidLength, offset: start, tag: tag, detail: "length \(valueLength) past end")
        }
        if vr == .SQ {
            let (items, next) = try parseSequence(from: valueStart, to: valueEnd, outerEnd: end, delimited: false, tag: tag,
                                                  depth: depth, explicitVR: explicitVR, littleEndian: littleEndian)
            return (DataElement(tag: tag, vr: .SQ, value: .sequence(items), offset: start), max(next, valueEnd))
        }
        if vr == .UN, valueLength > 0, DataDictionary.entry(for: tag)?.vr == .SQ {
            // A known sequence sent as UN: its content is implicit VR little endian (PS3.5 §6.2.2).
            var probe = self
            if let (items, _) = try? probe.parseSequence(from: valueStart, to: valueEnd, delimited: false, tag: tag,
                                                          depth: depth, explicitVR: false, littleEndian: true) {
                return (DataElement(tag: tag, vr: .SQ, value: .sequence(items), offset: start), valueEnd)
            }
        }
        if tag.isPrivateCreator {
            creators.record(tag, bytes[valueStart..<valueEnd])
        } else if tag.rawValue == 0x0008_0005 {
            currentCharacterSet = SpecificCharacterSet(valueBytes: bytes[valueStart..<valueEnd])
        } else if tag.rawValue == 0x0028_0103, valueLength >= 2 {
            pixelRepresentation = u16(valueStart, littleEndian)
        }
        return (DataElement(tag: tag, vr: vr, value: .bytes(bytes[valueStart..<valueEnd]), offset: start), valueEnd)
    }

    /// The VR of an element read without one: the dictionary's (ambiguous ones resolved as PS3.5 Annex A
    /// and pydicom do), LO for private creators, the private dictionary's for known private elements, else UN.
    private func implicitVR(_ tag: DICOMTag, creators: PrivateCreators, undefinedLength: Bool) -> VR {
        if tag.isPrivate {
            if tag.isPrivateCreator { return .LO }
            if tag.isGroupLength { return .UL }
            if let creator = creators.creator(of: tag), let vr = PrivateDictionary.vr(for: tag, creator: creator) { return vr }
            return .UN
        }
        let vr = DataDictionary.implicitVR(for: tag)
        guard DataDictionary.isAmbiguous(tag) else { return vr }
        switch tag.rawValue {
        case 0x7FE0_0010: return undefinedLength ? .OB : .OW
        case 0x0028_3006, 0x5400_0110, 0x5400_0112, 0x5400_100A, 0x5400_1010: return .OW
        default:
            if tag.group & 0xFF01 == 0x6000 && tag.element == 0x3000 { return .OW }
            if vr == .US || vr == .SS { return pixelRepresentation == 0 ? .US : .SS }
            return vr
        }
    }

    /// Handles an element with undefined length: a sequence, a UN sequence or encapsulated pixel data.
    private mutating func parseUndefinedLength(
        at start: Int, tag: DICOMTag, vr: VR, valueStart: Int, end: Int, depth: Int, explicitVR: Bool, littleEndian: Bool
    ) throws(DICOMError) -> (DataElement, Int) {
        if tag.rawValue == 0x7FE0_0010 || vr == .OB || vr == .OW {
            if depth == 0 && options.pixelData == .skip {
                let next = try skipFragments(from: valueStart, to: end, tag: tag, littleEndian: littleEndian)
                return (DataElement(tag: tag, vr: vr, value: .deferred(offset: valueStart, length: next - valueStart), offset: start), next)
            }
            let (pixels, next) = try parseFragments(from: valueStart, to: end, tag: tag, littleEndian: littleEndian)
            return (DataElement(tag: tag, vr: vr, value: .fragments(pixels), offset: start), next)
        }
        if vr == .SQ {
            let (items, next) = try parseSequence(from: valueStart, to: end, delimited: true, tag: tag, depth: depth,
                                                  explicitVR: explicitVR, littleEndian: littleEndian)
            return (DataElement(tag: tag, vr: .SQ, value: .sequence(items), offset: start), next)
        }
        if vr == .UN {
            // UN with undefined length is a sequence encoded in implicit VR little endian (PS3.5 §6.2.2).
            let (items, next) = try parseSequence(from: valueStart, to: end, delimited: true, tag: tag, depth: depth,
                                                  explicitVR: false, littleEndian: true)
            return (DataElement(tag: tag, vr: .SQ, value: .sequence(items), offset: start), next)
        }
        throw DICOMError(.invalidLength, offset: start, tag: tag, detail: "undefined length for VR \(vr.rawValue)")
    }

    // MARK: Sequences

    /// Parses sequence items from `start` up to `end`, or up to a Sequence Delimitation Item when `delimited`.
    ///
    /// Like pydicom, an item may run past a defined sequence length (a common writer bug) as long as it stays
    /// inside `outerEnd`; the returned offset is then the end of that item.
    mutating func parseSequence(
        from start: Int, to end: Int, outerEnd: Int? = nil, delimited: Bool, tag: DICOMTag, depth: Int,
        explicitVR: Bool, littleEndian: Bool
    ) throws(DICOMError) -> ([DataSet], Int) {
        let outerEnd = max(outerEnd ?? end, end)
        let outerAvailable = min(outerEnd, bytes.count)
        guard depth < options.maximumDepth else {
            throw DICOMError(.nestingTooDeep, offset: start, tag: tag, detail: "limit \(options.maximumDepth)")
        }
        var items: [DataSet] = []
        var position = start
        let available = min(end, bytes.count)
        while true {
            if position >= end {
                if delimited { throw DICOMError(.truncated, offset: position, tag: tag, detail: "missing sequence delimiter") }
                break
            }
            guard available - position >= 8 else {
                if available < end { throw Self.needMoreData }
                throw DICOMError(.truncated, offset: position, tag: tag, detail: "item header")
            }
            let itemTag = u32tag(position, littleEndian)
            let length = u32(position + 4, littleEndian)
            if itemTag == 0xFFFE_E0DD {
                position += 8
                if delimited { break }
                continue // a stray delimiter in a defined-length sequence: tolerated
            }
            guard itemTag == 0xFFFE_E000 else {
                throw DICOMError(.invalidItem, offset: position, tag: tag, detail: "expected item, found \(DICOMTag(itemTag))")
            }
            let item: DataSet
            if length == Self.undefinedLength {
                (item, position) = try parseDataSet(from: position + 8, to: outerEnd, delimited: true, depth: depth + 1,
                                                    explicitVR: explicitVR, littleEndian: littleEndian,
                                                    inheritedCharacterSet: currentCharacterSet)
            } else {
                let itemEnd = position + 8 + Int(length)
                guard Int(length) <= outerAvailable - position - 8 else {
                    if outerAvailable < outerEnd && itemEnd <= min(outerEnd, declaredLength) { throw Self.needMoreData }
                    throw DICOMError(.invalidLength, offset: position, tag: tag, detail: "item length \(length) past end")
                }
                (item, _) = try parseDataSet(from: position + 8, to: itemEnd, delimited: false, depth: depth + 1,
                                             explicitVR: explicitVR, littleEndian: littleEndian,
                                             inheritedCharacterSet: currentCharacterSet)
                position = itemEnd
            }
            items.append(item)
        }
        return (items, position)
    }

    @inline(__always)
    func u32tag(_ offset: Int, _ little: Bool) -> UInt32 {
        UInt32(u16(offset, little)) << 16 | UInt32(u16(offset + 2, little))
    }
}
