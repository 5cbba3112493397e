/// The errors of pacs-service's flows, each mapped to one HTTP status in `PACSError+HTTP.swift`.
///
/// `reason` is safe to show to clients: it never carries patient data or tag values.
public struct PACSError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, also the `error` field of the JSON answer.
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The request is malformed (bad query, bad multipart, bad UID): 400.
        public static let badRequest = Code("invalid_request")
        /// The request body's media type is not one we accept: 415.
        public static let unsupportedMediaType = Code("unsupported_media_type")
        /// We cannot produce any of the accepted representations: 406.
        public static let notAcceptable = Code("not_acceptable")
        /// The resource does not exist: 404.
        public static let notFound = Code("not_found")
        /// The body or one of its parts is larger than allowed: 413.
        public static let tooLarge = Code("payload_too_large")
        /// Every instance of a store request failed: 409.
        public static let conflict = Code("conflict")
        /// Storage or index failure: 500 (logged).
        public static let storage = Code("storage_error")
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, in words a client can act on.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
