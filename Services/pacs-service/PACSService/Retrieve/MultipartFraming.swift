import Foundation
import NIOCore

/// Writes the framing of a `multipart/related` response (RFC 2387): a random boundary,
/// part headers and the closing delimiter. Bodies are streamed by the caller between.
public struct MultipartFraming: Sendable {
    /// The boundary, random so it cannot occur in the parts by accident.
    public let boundary: String

    /// Creates a writer with a fresh boundary.
    public init() {
        boundary = "tessera-" + UUID().uuidString.lowercased()
    }

    /// The response's Content-Type.
    /// - Parameter type: The parts' media type (the `type` parameter).
    public func contentType(type: String) -> String {
        "multipart/related; type=\"\(type)\"; boundary=\(boundary)"
    }

    /// The delimiter and headers that open a part.
    /// - Parameters:
    ///   - headers: Header lines in order.
    ///   - first: Whether this is the first part (no leading CRLF).
    public func partHead(_ headers: [(String, String)], first: Bool) -> ByteBuffer {
        var text = first ? "" : "\r\n"
        text += "--\(boundary)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return ByteBuffer(string: text)
    }

    /// The closing delimiter.
    public var close: ByteBuffer { ByteBuffer(string: "\r\n--\(boundary)--\r\n") }
}
