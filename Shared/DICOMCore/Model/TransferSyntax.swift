/// A transfer syntax: how a data set is encoded (PS3.5 §10, Annex A).
public struct TransferSyntax: Hashable, Sendable, CustomStringConvertible {
    /// The transfer syntax UID.
    public var uid: String
    /// True for explicit VR encodings (every syntax except Implicit VR Little Endian).
    public var isExplicitVR: Bool
    /// True unless Explicit VR Big Endian.
    public var isLittleEndian: Bool
    /// True for Deflated Explicit VR Little Endian (PS3.5 §A.5).
    public var isDeflated: Bool
    /// True when Pixel Data is encapsulated in fragments (compressed syntaxes, PS3.5 §A.4).
    public var isEncapsulated: Bool

    /// Identifies a transfer syntax by UID. Unknown UIDs are taken to be encapsulated
    /// explicit VR little endian, as every compressed syntax is (PS3.5 §A.4).
    /// - Parameter uid: the UID, trailing NUL or space padding allowed.
    public init(uid: String) {
        let trimmed = String(uid.utf8.prefix { $0 != 0 && $0 != 0x20 }.map { Character(Unicode.Scalar($0)) })
        self.uid = trimmed
        switch trimmed {
        case TransferSyntax.implicitVRLittleEndianUID:
            isExplicitVR = false; isLittleEndian = true; isDeflated = false; isEncapsulated = false
        case TransferSyntax.explicitVRLittleEndianUID:
            isExplicitVR = true; isLittleEndian = true; isDeflated = false; isEncapsulated = false
        case TransferSyntax.explicitVRBigEndianUID:
            isExplicitVR = true; isLittleEndian = false; isDeflated = false; isEncapsulated = false
        case TransferSyntax.deflatedExplicitVRLittleEndianUID:
            isExplicitVR = true; isLittleEndian = true; isDeflated = true; isEncapsulated = false
        default:
            isExplicitVR = true; isLittleEndian = true; isDeflated = false; isEncapsulated = true
        }
    }

    public var description: String { uid }

    /// "1.2.840.10008.1.2"
    public static let implicitVRLittleEndianUID = "1.2.840.10008.1.2"
    /// "1.2.840.10008.1.2.1"
    public static let explicitVRLittleEndianUID = "1.2.840.10008.1.2.1"
    /// "1.2.840.10008.1.2.1.99"
    public static let deflatedExplicitVRLittleEndianUID = "1.2.840.10008.1.2.1.99"
    /// "1.2.840.10008.1.2.2" (retired, still read and written)
    public static let explicitVRBigEndianUID = "1.2.840.10008.1.2.2"
    /// "1.2.840.10008.1.2.5"
    public static let rleLosslessUID = "1.2.840.10008.1.2.5"

    /// Implicit VR Little Endian, the default transfer syntax.
    public static let implicitVRLittleEndian = TransferSyntax(uid: implicitVRLittleEndianUID)
    /// Explicit VR Little Endian.
    public static let explicitVRLittleEndian = TransferSyntax(uid: explicitVRLittleEndianUID)
    /// Explicit VR Big Endian.
    public static let explicitVRBigEndian = TransferSyntax(uid: explicitVRBigEndianUID)
    /// Deflated Explicit VR Little Endian.
    public static let deflatedExplicitVRLittleEndian = TransferSyntax(uid: deflatedExplicitVRLittleEndianUID)
    /// RLE Lossless.
    public static let rleLossless = TransferSyntax(uid: rleLosslessUID)
}
