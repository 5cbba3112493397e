import NIOCore
import Synchronization

/// The contents of small viewer files, kept in memory so a request for one costs no trip to
/// the blocking thread pool (nginx's `open_file_cache` plus the page cache). Bounded: files
/// up to `maximumFileSize` bytes, `capacity` bytes in all, least recently used out first.
///
/// Entries are keyed by path, size and modification time — what the file's `ETag` is made of —
/// so a file replaced on disk is read again, and its old entry ages out.
final class StaticFileCache: Sendable {
    /// Which version of which file.
    struct Key: Hashable, Sendable {
        let path: String
        let size: Int64
        let modified: Int
    }

    private struct Entry {
        let bytes: ByteBuffer
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var total = 0
        var clock: UInt64 = 0
    }

    /// Largest file kept.
    let maximumFileSize: Int
    /// Most bytes kept in all.
    let capacity: Int
    private let state = Mutex(State())

    /// The defaults keep every file up to 256 KiB of an OHIF Viewer v3 build (about 330
    /// files, 6 MB; its few large bundles stream from disk).
    init(maximumFileSize: Int = 256 * 1024, capacity: Int = 8 * 1024 * 1024) {
        self.maximumFileSize = maximumFileSize
        self.capacity = capacity
    }

    /// Whether a file of `size` bytes may be kept.
    func admits(size: Int64) -> Bool {
        size > 0 && size <= maximumFileSize
    }

    /// The kept contents of `key`, if any.
    func bytes(for key: Key) -> ByteBuffer? {
        state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            return entry.bytes
        }
    }

    /// Keeps `bytes` as the contents of `key`, evicting the least recently used entries to fit.
    func store(_ bytes: ByteBuffer, for key: Key) {
        let size = bytes.readableBytes
        guard admits(size: Int64(size)) else { return }
        state.withLock { state in
            guard state.entries[key] == nil else { return }
            while state.total + size > capacity, let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.entries[oldest.key] = nil
                state.total -= oldest.value.bytes.readableBytes
            }
            state.clock += 1
            state.entries[key] = Entry(bytes: bytes, lastUse: state.clock)
            state.total += size
        }
    }

    /// Bytes kept right now (for tests).
    var totalBytes: Int {
        state.withLock { $0.total }
    }
}
