import DICOMCore
import DICOMWeb
import Logging
import NIOCore

/// Stores one instance: stream its bytes to a durable temporary blob, parse and check the
/// header, commit the blob, then index it in one transaction. Whatever fails, no index row
/// points at a missing blob and no unreferenced blob stays behind (the orphan collector
/// catches those a crash leaves).
public struct IngestFlow: Sendable {
    /// The blob store.
    public let blobs: FileBlobStore
    /// The index.
    public let index: any InstanceIndex
    /// What a different instance with a known SOP Instance UID does.
    public let policy: DuplicatePolicy
    /// Largest accepted instance in bytes.
    public let maxInstanceBytes: Int

    /// Creates the flow.
    public init(blobs: FileBlobStore, index: any InstanceIndex, policy: DuplicatePolicy, maxInstanceBytes: Int) {
        self.blobs = blobs
        self.index = index
        self.policy = policy
        self.maxInstanceBytes = maxInstanceBytes
    }

    /// Stores one instance read from `nextChunk` until it returns nil.
    /// - Parameters:
    ///   - expectedStudy: The StudyInstanceUID the request URL names, if any.
    ///   - logger: Request logger.
    ///   - nextChunk: Yields the instance's bytes; nil at its end.
    /// - Returns: The result for this instance (never throws for bad input).
    /// - Throws: Only when reading the request itself fails (e.g. malformed multipart).
    public func ingest(expectedStudy: DICOMUID?, logger: Logger, nextChunk: () async throws -> ByteBuffer?) async throws -> StoreResult {
        await store(try await receive(nextChunk: nextChunk), expectedStudy: expectedStudy, logger: logger)
    }

    /// An instance's bytes as received: a temporary blob (not yet fsynced), or why it was refused.
    public enum Received: Sendable {
        case blob(TemporaryBlob)
        case refused(StoreResult)
    }

    /// Streams one instance into a temporary blob; the rest (``store(_:expectedStudy:logger:)``)
    /// may run while the next instance is received.
    /// - Throws: Only when reading the request itself fails.
    public func receive(nextChunk: () async throws -> ByteBuffer?) async throws -> Received {
        var writer = try blobs.makeWriter(limit: maxInstanceBytes)
        do {
            while let chunk = try await nextChunk() { try writer.write(chunk) }
        } catch let error as PACSError where error.code == .tooLarge {
            while try await nextChunk() != nil {}
            return .refused(.failed(FailedInstance(reason: .outOfResources, detail: error.reason)))
        }
        return .blob(try writer.finish(sync: false))
    }

    /// Makes a received instance durable, checks, commits and indexes it.
    /// - Returns: The result for this instance.
    public func store(_ received: Received, expectedStudy: DICOMUID?, logger: Logger) async -> StoreResult {
        let temporary: TemporaryBlob
        switch received {
        case .refused(let result): return result
        case .blob(let blob): temporary = blob
        }
        do {
            try await blobs.sync(temporary)
        } catch {
            blobs.discard(temporary)
            return .failed(FailedInstance(reason: .processingFailure, detail: "the instance could not be written"))
        }
        let result = await store(temporary, expectedStudy: expectedStudy, logger: logger)
        if case .failed(let failure) = result {
            logger.notice("instance refused", metadata: ["reason": "\(String(failure.reason.rawValue, radix: 16))", "detail": "\(failure.detail)"])
        }
        return result
    }

    /// Checks, commits and indexes a durable temporary blob.
    private func store(_ temporary: TemporaryBlob, expectedStudy: DICOMUID?, logger: Logger) async -> StoreResult {
        let file: DICOMFile
        do {
            file = try DICOMFile(path: temporary.path, options: ReadOptions(pixelData: .skip, deferValuesLongerThan: 64 << 10))
        } catch {
            blobs.discard(temporary)
            return .failed(FailedInstance(reason: .cannotUnderstand, detail: "not a readable DICOM file (\(error.code))"))
        }
        guard file.meta.string(.transferSyntaxUID) != nil else {
            blobs.discard(temporary)
            return .failed(FailedInstance(reason: .cannotUnderstand, detail: "not a DICOM Part 10 file (no file meta information)"))
        }
        let attributes: InstanceAttributes
        do {
            attributes = try InstanceAttributes(file: file)
        } catch {
            blobs.discard(temporary)
            return .failed(FailedInstance(sopInstanceUID: file.dataSet.string(.sopInstanceUID), sopClassUID: file.dataSet.string(.sopClassUID),
                                          reason: .dataSetMismatch, detail: error.description))
        }
        let failed = { (reason: FailureReason, detail: String) in
            StoreResult.failed(FailedInstance(sopInstanceUID: attributes.sopInstanceUID.rawValue, sopClassUID: attributes.sopClassUID, reason: reason, detail: detail))
        }
        if let expectedStudy, expectedStudy != attributes.studyUID {
            blobs.discard(temporary)
            return failed(.dataSetMismatch, "StudyInstanceUID does not match the study in the request URL")
        }
        let metadata = MetadataDocument.make(file.dataSet, attributes: attributes)
        let key: BlobKey
        do {
            key = try await blobs.commit(temporary)
        } catch {
            blobs.discard(temporary)
            return failed(.processingFailure, "the instance could not be written")
        }
        let record = InstanceRecord(attributes: attributes, blobKey: key, blobSize: temporary.size, sha256: temporary.sha256, metadataJSON: metadata)
        let outcome: IndexOutcome
        do {
            outcome = try await index.index(record, policy: policy, logger: logger)
        } catch let error as PACSError where error.code == .conflict {
            await blobs.delete([key])
            return failed(.dataSetMismatch, error.reason)
        } catch {
            await blobs.delete([key])
            return failed(.processingFailure, "the instance could not be indexed")
        }
        let stored = StoredInstance(studyUID: attributes.studyUID, seriesUID: attributes.seriesUID,
                                    sopInstanceUID: attributes.sopInstanceUID, sopClassUID: attributes.sopClassUID)
        switch outcome {
        case .stored:
            return .stored(stored)
        case .replaced(let previous):
            await blobs.delete([previous])
            return .stored(stored)
        case .identical:
            await blobs.delete([key])
            return .stored(stored)
        case .ignored:
            await blobs.delete([key])
            var kept = stored
            kept.warningReason = WarningReason.coercion
            return .stored(kept)
        case .duplicateRejected:
            await blobs.delete([key])
            return failed(.duplicateSOPInstance, "a different instance with this SOPInstanceUID is already stored")
        }
    }
}
