/// An ordered collection of data elements (a data set or a sequence item), sorted by tag.
///
/// Values stay undecoded slices of the input until a typed accessor asks for them.
public struct DataSet: Sendable {
    /// The elements in ascending tag order.
    public private(set) var elements: [DataElement]
    /// Byte order of the binary values held as bytes.
    public var isLittleEndian: Bool
    /// The Specific Character Set of the enclosing data set, for sequence items without their own.
    public var inheritedCharacterSet: SpecificCharacterSet?

    /// Creates a data set.
    /// - Parameters:
    ///   - elements: elements in any order; a later duplicate tag replaces an earlier one.
    ///   - isLittleEndian: byte order of binary values.
    ///   - inheritedCharacterSet: character set of the enclosing data set, for items.
    public init(elements: [DataElement] = [], isLittleEndian: Bool = true, inheritedCharacterSet: SpecificCharacterSet? = nil) {
        self.elements = []
        self.isLittleEndian = isLittleEndian
        self.inheritedCharacterSet = inheritedCharacterSet
        self.elements = DataSet.normalised(elements)
    }

    /// Internal initialiser for elements already sorted and unique (the parser's fast path).
    init(sortedElements: [DataElement], isLittleEndian: Bool, inheritedCharacterSet: SpecificCharacterSet?) {
        self.elements = sortedElements
        self.isLittleEndian = isLittleEndian
        self.inheritedCharacterSet = inheritedCharacterSet
    }

    /// Sorts by tag, keeping the last of any duplicates.
    static func normalised(_ elements: [DataElement]) -> [DataElement] {
        var isSortedUnique = true
        var index = 1
        while index < elements.count {
            if elements[index - 1].tag >= elements[index].tag { isSortedUnique = false; break }
            index += 1
        }
        if isSortedUnique { return elements }
        var result: [DataElement] = []
        result.reserveCapacity(elements.count)
        let order = elements.indices.sorted { (elements[$0].tag, $0) < (elements[$1].tag, $1) }
        for position in order {
            if let last = result.last, last.tag == elements[position].tag {
                result[result.count - 1] = elements[position]
            } else {
                result.append(elements[position])
            }
        }
        return result
    }

    /// The number of elements.
    public var count: Int { elements.count }
    /// True when there are no elements.
    public var isEmpty: Bool { elements.isEmpty }

    /// The element with a tag.
    /// - Parameter tag: the tag.
    /// - Returns: nil when absent.
    public subscript(tag: DICOMTag) -> DataElement? {
        guard let index = index(of: tag) else { return nil }
        return elements[index]
    }

    /// True when an element with the tag is present.
    /// - Parameter tag: the tag.
    /// - Returns: whether it is present.
    public func contains(_ tag: DICOMTag) -> Bool { index(of: tag) != nil }

    /// Binary search for a tag.
    func index(of tag: DICOMTag) -> Int? {
        var low = 0
        var high = elements.count
        while low < high {
            let mid = (low + high) >> 1
            let midTag = elements[mid].tag.rawValue
            if midTag == tag.rawValue { return mid }
            if midTag < tag.rawValue { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Inserts an element or replaces the one with the same tag.
    /// - Parameter element: the element.
    public mutating func set(_ element: DataElement) {
        var low = 0
        var high = elements.count
        while low < high {
            let mid = (low + high) >> 1
            if elements[mid].tag < element.tag { low = mid + 1 } else { high = mid }
        }
        if low < elements.count, elements[low].tag == element.tag {
            elements[low] = element
        } else {
            elements.insert(element, at: low)
        }
    }

    /// Removes the element with a tag, if present.
    /// - Parameter tag: the tag.
    /// - Returns: the removed element, or nil when absent.
    @discardableResult
    public mutating func remove(_ tag: DICOMTag) -> DataElement? {
        guard let index = index(of: tag) else { return nil }
        return elements.remove(at: index)
    }

    /// The Specific Character Set in force: this data set's (0008,0005), else the inherited one, else the default repertoire.
    public var characterSet: SpecificCharacterSet {
        if let element = self[.specificCharacterSet], let bytes = element.bytes {
            return SpecificCharacterSet(valueBytes: bytes)
        }
        return inheritedCharacterSet ?? .default
    }
}
