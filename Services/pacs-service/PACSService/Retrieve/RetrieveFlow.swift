import DICOMCore
import Logging
import NIOCore

/// Streams stored instances, re-encoding between uncompressed transfer syntaxes when the
/// client asked for another one.
struct RetrieveFlow: Sendable {
    let blobs: FileBlobStore
    let maxTranscodeBytes = 1 << 30

    /// Sends one instance's bytes in `syntax` through `write`.
    /// - Throws: ``PACSError`` `.storage` when the blob is missing; DICOM errors when re-encoding fails.
    func send(_ file: StoredFile, as syntax: String, _ write: (ByteBuffer) async throws -> Void) async throws {
        let path = blobs.path(of: file.blobKey)
        if syntax == file.transferSyntaxUID {
            try await BlobReader.stream(path: path, write)
            return
        }
        guard file.size <= maxTranscodeBytes else { throw PACSError(.notAcceptable, "instance too large to transcode") }
        let parsed = try DICOMFile(path: path)
        let bytes = try parsed.serialized(as: TransferSyntax(uid: syntax))
        try await write(ByteBuffer(bytes: bytes))
    }
}
