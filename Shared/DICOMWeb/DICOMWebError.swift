/// The error thrown by DICOMWeb's multipart and media type handling.
///
/// `description` never carries body content; `detail` (in `debugDescription`) may say more.
public struct DICOMWebError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The Content-Type is not multipart/related or has no usable boundary.
        public static let invalidContentType = Code("invalidContentType")
        /// The body is not valid multipart (bad delimiter line or header).
        public static let malformedMultipart = Code("malformedMultipart")
        /// A part's header block exceeds the limit.
        public static let headerTooLarge = Code("headerTooLarge")
        /// The body ended before the close delimiter.
        public static let unexpectedEnd = Code("unexpectedEnd")
        /// More parts than the configured limit.
        public static let tooManyParts = Code("tooManyParts")
    }

    /// The kind of failure.
    public var code: Code
    /// Byte offset in the body where it was found, when known.
    public var offset: Int?
    /// A developer-facing explanation without body content.
    public var detail: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - offset: the byte offset in the body.
    ///   - detail: a developer-facing explanation.
    public init(_ code: Code, offset: Int? = nil, detail: String? = nil) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        offset.map { "DICOMweb error: \(code) at offset \($0)" } ?? "DICOMweb error: \(code)"
    }

    public var debugDescription: String {
        detail.map { "\(description): \($0)" } ?? description
    }
}
