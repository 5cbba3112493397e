import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Instance bytes on the local file system, exactly as received.
///
/// Layout under `root`: `tmp/` for uploads in progress and `hh/hh/<uuid>.dcm` for stored
/// blobs. A blob becomes visible by `rename(2)` after its data and then its directory are
/// fsynced, so after a crash a blob file is either complete or absent; blobs that never got
/// an index row are found by ``OrphanCollector``.
public struct FileBlobStore: Sendable {
    /// The root directory (absolute).
    public let root: String

    /// Opens (creating when needed) a store.
    /// - Parameter root: The root directory; relative paths are resolved against the working directory.
    /// - Throws: ``PACSError`` `.storage` when the directories cannot be created.
    public init(root: String) throws {
        let absolute = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        self.root = absolute
        do {
            try FileManager.default.createDirectory(atPath: absolute + "/tmp", withIntermediateDirectories: true)
        } catch {
            throw PACSError(.storage, "cannot create the storage directory")
        }
    }

    /// Starts writing a new blob into a temporary file.
    /// - Parameter limit: Most bytes accepted.
    /// - Throws: ``PACSError`` `.storage` when the file cannot be created.
    public func makeWriter(limit: Int) throws -> BlobWriter {
        try BlobWriter(temporaryPath: "\(root)/tmp/\(UUID().uuidString.lowercased()).part", limit: limit)
    }

    /// Makes a temporary blob written with `finish(sync: false)` durable, off the cooperative threads.
    /// - Throws: ``PACSError`` `.storage`.
    public func sync(_ blob: TemporaryBlob) async throws {
        try await NIOThreadPool.singleton.runIfActive { try POSIXFile.syncFile(blob.path) }
    }

    /// Moves a durable temporary blob to its permanent key and fsyncs the directory entry.
    /// - Returns: The blob's key.
    /// - Throws: ``PACSError`` `.storage`.
    public func commit(_ blob: TemporaryBlob) async throws -> BlobKey {
        let key = BlobKey.random()
        let root = self.root
        try await NIOThreadPool.singleton.runIfActive {
            let first = "\(root)/\(key.directory.prefix(2))"
            let second = "\(root)/\(key.directory)"
            if try POSIXFile.makeDirectory(first) { try POSIXFile.syncDirectory(root) }
            if try POSIXFile.makeDirectory(second) { try POSIXFile.syncDirectory(first) }
            try POSIXFile.rename(blob.path, "\(root)/\(key.rawValue)")
            try POSIXFile.syncDirectory(second)
        }
        return key
    }

    /// Removes a temporary blob that will not be stored.
    public func discard(_ blob: TemporaryBlob) {
        POSIXFile.unlink(blob.path)
    }

    /// The absolute path of a stored blob.
    public func path(of key: BlobKey) -> String {
        "\(root)/\(key.rawValue)"
    }

    /// Deletes stored blobs; missing ones are fine.
    public func delete(_ keys: [BlobKey]) async {
        guard !keys.isEmpty else { return }
        let paths = keys.map(path(of:))
        try? await NIOThreadPool.singleton.runIfActive {
            for path in paths { POSIXFile.unlink(path) }
        }
    }

    /// Stored blobs and temporary files last modified before `cutoff`.
    /// - Returns: Keys of stored blobs, and paths of stale temporary files.
    func files(olderThan cutoff: Date) async throws -> (blobs: [BlobKey], temporary: [String]) {
        let root = self.root
        return try await NIOThreadPool.singleton.runIfActive {
            let manager = FileManager.default
            var blobs: [BlobKey] = []
            var temporary: [String] = []
            func isOld(_ path: String) -> Bool {
                guard let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return false }
                return modified < cutoff
            }
            for name in (try? manager.contentsOfDirectory(atPath: root + "/tmp")) ?? [] where isOld("\(root)/tmp/\(name)") {
                temporary.append("\(root)/tmp/\(name)")
            }
            for first in (try? manager.contentsOfDirectory(atPath: root)) ?? [] where first.count == 2 {
                for second in (try? manager.contentsOfDirectory(atPath: "\(root)/\(first)")) ?? [] {
                    for name in (try? manager.contentsOfDirectory(atPath: "\(root)/\(first)/\(second)")) ?? [] {
                        guard let key = BlobKey(rawValue: "\(first)/\(second)/\(name)"), isOld("\(root)/\(key.rawValue)") else { continue }
                        blobs.append(key)
                    }
                }
            }
            return (blobs, temporary)
        }
    }

    /// Removes temporary files by path.
    func removeTemporary(_ paths: [String]) {
        for path in paths where path.hasPrefix(root + "/tmp/") { POSIXFile.unlink(path) }
    }
}
