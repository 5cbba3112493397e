/// The error thrown by DICOMCore: what went wrong, where (byte offset) and in which element.
///
/// `description` names the code, offset and tag only; it never carries element values
/// (which may be PHI). `detail` (in `debugDescription`) may say more.
public struct DICOMError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input ended inside an element header or value.
        public static let truncated = Code("truncated")
        /// A length runs past the end of its container, or is impossible for its VR.
        public static let invalidLength = Code("invalidLength")
        /// The explicit VR bytes name no VR.
        public static let invalidVR = Code("invalidVR")
        /// An item or delimiter was expected and something else was found.
        public static let invalidItem = Code("invalidItem")
        /// Sequences nest deeper than the configured limit.
        public static let nestingTooDeep = Code("nestingTooDeep")
        /// The file meta information is missing or malformed.
        public static let invalidFileMeta = Code("invalidFileMeta")
        /// Deflated data could not be inflated, or data could not be deflated.
        public static let deflate = Code("deflate")
        /// The transfer syntax is not supported for this operation.
        public static let unsupportedTransferSyntax = Code("unsupportedTransferSyntax")
        /// A value does not conform to its VR.
        public static let invalidValue = Code("invalidValue")
        /// The Specific Character Set names an unknown character set.
        public static let unknownCharacterSet = Code("unknownCharacterSet")
        /// Pixel data attributes are missing or inconsistent.
        public static let invalidPixelData = Code("invalidPixelData")
        /// A requested frame or element does not exist.
        public static let notFound = Code("notFound")
        /// Reading or writing a file failed.
        public static let io = Code("io")
    }

    /// The kind of failure.
    public var code: Code
    /// The byte offset in the input where the problem was found, when known.
    public var offset: Int?
    /// The element being read, when known.
    public var tag: DICOMTag?
    /// A developer-facing explanation; never element values.
    public var detail: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - offset: the byte offset where it was found.
    ///   - tag: the element being read.
    ///   - detail: a developer-facing explanation without element values.
    public init(_ code: Code, offset: Int? = nil, tag: DICOMTag? = nil, detail: String? = nil) {
        self.code = code
        self.offset = offset
        self.tag = tag
        self.detail = detail
    }

    public var description: String {
        var text = "DICOM error: \(code)"
        if let offset { text += " at offset \(offset)" }
        if let tag { text += " in \(tag)" }
        return text
    }

    public var debugDescription: String {
        detail.map { "\(description): \($0)" } ?? description
    }
}
