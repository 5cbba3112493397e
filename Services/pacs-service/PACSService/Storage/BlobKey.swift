import Foundation

/// Where an instance's bytes live, relative to the blob store's root: `ab/cd/<uuid>.dcm`.
///
/// Two levels of 256 shards keep directories small; the file name is a random UUID, so a
/// key never reveals patient data and a replaced instance never overwrites its predecessor.
public struct BlobKey: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The relative path.
    public let rawValue: String

    /// Accepts only the shape this store writes (so a key read back can never escape the root).
    /// - Returns: nil for anything but `hh/hh/<uuid>.dcm`.
    public init?(rawValue: String) {
        let parts = rawValue.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2,
              parts[0].allSatisfy(\.isHexDigit), parts[1].allSatisfy(\.isHexDigit),
              parts[2].hasSuffix(".dcm"), UUID(uuidString: String(parts[2].dropLast(4))) != nil
        else { return nil }
        self.rawValue = rawValue
    }

    /// A fresh random key.
    public static func random() -> BlobKey {
        let uuid = UUID().uuidString.lowercased()
        let hex = uuid.replacingOccurrences(of: "-", with: "")
        let first = hex.prefix(2)
        let second = hex.dropFirst(2).prefix(2)
        return BlobKey(rawValue: "\(first)/\(second)/\(uuid).dcm")!
    }

    /// The shard directory part, `ab/cd`.
    public var directory: String { String(rawValue.prefix(5)) }

    public var description: String { rawValue }
}
