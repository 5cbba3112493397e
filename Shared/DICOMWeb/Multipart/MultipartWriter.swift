import NIOCore

/// Writes a `multipart/related` body part by part (RFC 2046 §5.1), for streaming responses.
///
/// Call `partHeader(_:)` before each part's body bytes and `closing()` once at the end.
public struct MultipartWriter: Sendable {
    /// The boundary.
    public let boundary: String
    private var partsWritten = 0

    /// Creates a writer.
    /// - Parameter boundary: the boundary (default: random).
    public init(boundary: String = MultipartWriter.randomBoundary()) {
        self.boundary = boundary
    }

    /// A random boundary that cannot occur in base64 or typical binary by chance.
    /// - Returns: a 32-character boundary.
    public static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return "tessera-" + String((0..<24).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// The Content-Type header value for this body.
    /// - Parameter type: the parts' media type, e.g. `application/dicom`.
    /// - Returns: the header value.
    public func contentType(type: String) -> String {
        MultipartContentType.headerValue(boundary: boundary, type: type)
    }

    /// The delimiter and header block that start the next part.
    /// - Parameter headers: the part's header fields, e.g. `Content-Type`.
    /// - Returns: bytes to send before the part's body.
    public mutating func partHeader(_ headers: [(name: String, value: String)]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(partsWritten == 0 ? "--\(boundary)\r\n" : "\r\n--\(boundary)\r\n")
        for header in headers { buffer.writeString("\(header.name): \(header.value)\r\n") }
        buffer.writeString("\r\n")
        partsWritten += 1
        return buffer
    }

    /// The close delimiter.
    /// - Returns: bytes to send after the last part's body.
    public func closing() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(partsWritten == 0 ? "--\(boundary)--\r\n" : "\r\n--\(boundary)--\r\n")
        return buffer
    }

    /// A whole body from parts in memory (for small responses and tests).
    /// - Parameter parts: each part's headers and body.
    /// - Returns: the body.
    public mutating func body(_ parts: [(headers: [(name: String, value: String)], body: ByteBuffer)]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for var part in parts {
            var header = partHeader(part.headers)
            buffer.writeBuffer(&header)
            buffer.writeBuffer(&part.body)
        }
        var close = closing()
        buffer.writeBuffer(&close)
        return buffer
    }
}
