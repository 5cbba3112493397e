import DICOMCore

/// What a WADO-RS instance retrieve sends each instance as, from the `Accept` header
/// (PS3.18 §8.7.3.5): as stored (`transfer-syntax=*`), or one named transfer syntax.
public enum RetrieveRepresentation: Sendable, Hashable {
    /// The stored bytes, unchanged.
    case asStored
    /// Re-encoded to this transfer syntax when it differs from the stored one.
    case transferSyntax(String)

    /// The default transfer syntax of DICOMweb (PS3.18 §8.7.3.5.2): Explicit VR Little Endian.
    public static let defaultSyntax = TransferSyntax.explicitVRLittleEndianUID

    /// Picks the representation from an `Accept` header.
    /// - Returns: `.asStored` for no header or `*/*`.
    /// - Throws: ``PACSError`` `.notAcceptable` when no acceptable type is application/dicom.
    public static func negotiate(_ accept: String?) throws -> RetrieveRepresentation {
        guard let accept, !accept.isEmpty else { return .asStored }
        for item in accept.split(separator: ",") {
            guard let type = HeaderMediaType(item) else { continue }
            switch type.essence {
            case "*/*", "multipart/*":
                return .asStored
            case "multipart/related":
                let inner = type.parameters["type"]?.lowercased() ?? "application/dicom"
                guard inner == "application/dicom" else { continue }
                return representation(type.parameters["transfer-syntax"])
            case "application/dicom":
                return representation(type.parameters["transfer-syntax"])
            default:
                continue
            }
        }
        throw PACSError(.notAcceptable, "instances are available as multipart/related; type=\"application/dicom\"")
    }

    private static func representation(_ syntax: String?) -> RetrieveRepresentation {
        guard let syntax else { return .transferSyntax(defaultSyntax) }
        return syntax == "*" ? .asStored : .transferSyntax(syntax)
    }

    /// The transfer syntax an instance stored in `stored` is sent in.
    /// - Throws: ``PACSError`` `.notAcceptable` when it would need (de)compression.
    public func outputSyntax(forStored stored: String) throws -> String {
        switch self {
        case .asStored:
            return stored
        case .transferSyntax(let wanted):
            if wanted == stored { return wanted }
            let from = TransferSyntax(uid: stored)
            let to = TransferSyntax(uid: wanted)
            guard !from.isEncapsulated, !to.isEncapsulated else {
                throw PACSError(.notAcceptable, "transcoding from \(stored) to \(wanted) is not supported yet; ask with transfer-syntax=*")
            }
            return wanted
        }
    }
}
