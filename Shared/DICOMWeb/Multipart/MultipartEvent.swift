import NIOCore

/// One step of a multipart body: a part's headers, a piece of its body, or its end.
public enum MultipartEvent: Sendable, Equatable {
    /// A part begins; header names are lower-cased.
    case headers([MultipartHeader])
    /// Bytes of the current part's body (a part's body may arrive in many pieces).
    case body(ByteBuffer)
    /// The current part ended.
    case partEnd
}

/// One part header field.
public struct MultipartHeader: Sendable, Hashable {
    /// The field name, lower-cased.
    public var name: String
    /// The field value, trimmed.
    public var value: String

    /// Creates a header field.
    /// - Parameters:
    ///   - name: the name (stored lower-cased).
    ///   - value: the value.
    public init(name: String, value: String) {
        self.name = name.lowercased()
        self.value = value
    }
}
