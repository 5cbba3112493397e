/// A DICOM UID: 1 to 64 characters of digits and dots (PS3.5 §9.1), e.g. a Study Instance UID.
public struct DICOMUID: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The UID text.
    public let rawValue: String

    /// Validates a UID.
    /// - Parameter rawValue: The text; a trailing NUL or space pad is not allowed here.
    /// - Returns: nil unless 1–64 characters of `[0-9.]`.
    public init?(rawValue: String) {
        let utf8 = rawValue.utf8
        guard !utf8.isEmpty, utf8.count <= 64, utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: DICOMUID, rhs: DICOMUID) -> Bool { lhs.rawValue < rhs.rawValue }
}
