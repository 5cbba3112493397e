import Crypto
import Foundation
import NIOCore

/// A file the gateway produces itself (`app-config.js`, the landing page), served like a
/// static file: with a content type, a strong ETag and `no-cache`.
public struct GeneratedFile: Sendable {
    /// Content type.
    public let contentType: String
    /// Bytes.
    public let body: ByteBuffer
    /// Strong ETag over the bytes.
    public let etag: String

    /// Creates a file.
    public init(contentType: String, text: String) {
        self.contentType = contentType
        self.body = ByteBuffer(string: text)
        let digest = SHA256.hash(data: Data(text.utf8))
        self.etag = "\"" + digest.prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }
}
