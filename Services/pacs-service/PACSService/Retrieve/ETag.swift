import Crypto
import NIOCore

/// Strong entity tags for responses whose content is fully determined by stored data.
enum ETag {
    /// An ETag over a list of strings.
    static func of(_ parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0])
        }
        return quoted(hasher.finalize())
    }

    /// An ETag over a body.
    static func of(_ body: ByteBuffer) -> String {
        var hasher = SHA256()
        body.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        return quoted(hasher.finalize())
    }

    private static func quoted(_ digest: SHA256Digest) -> String {
        "\"" + digest.prefix(16).map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
        }.joined() + "\""
    }
}
