import Foundation
import Logging
import ServiceLifecycle

/// Deletes blobs that no index row references and temporary files left by interrupted
/// uploads, once they are older than a grace period (so uploads in flight are never
/// touched). A crash between a blob's rename and its index commit leaves such a blob.
public struct OrphanCollector: Service {
    /// The blob store.
    public let blobs: FileBlobStore
    /// The index.
    public let index: any InstanceIndex
    /// Age after which an unreferenced file is removed.
    public let grace: Duration
    /// Interval between sweeps; zero runs one sweep only.
    public let interval: Duration
    /// Logger.
    public let logger: Logger

    /// Creates the collector.
    public init(blobs: FileBlobStore, index: any InstanceIndex, grace: Duration, interval: Duration, logger: Logger) {
        self.blobs = blobs
        self.index = index
        self.grace = grace
        self.interval = interval
        self.logger = logger
    }

    /// One sweep.
    /// - Returns: How many blobs and temporary files were removed.
    @discardableResult
    public func sweep(now: Date = Date()) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Double(grace.components.seconds))
        let (candidates, temporary) = try await blobs.files(olderThan: cutoff)
        blobs.removeTemporary(temporary)
        var removed = temporary.count
        for start in stride(from: 0, to: candidates.count, by: 1000) {
            let batch = Array(candidates[start..<min(start + 1000, candidates.count)])
            let referenced = try await index.referencedBlobs(batch, logger: logger)
            let orphans = batch.filter { !referenced.contains($0) }
            await blobs.delete(orphans)
            removed += orphans.count
        }
        if removed > 0 { logger.notice("orphan blobs collected", metadata: ["count": "\(removed)"]) }
        return removed
    }

    /// Sweeps every `interval` until shutdown (the start-up sweep runs after migrations).
    public func run() async throws {
        guard interval > .zero else {
            // Nothing periodic to do; a service must not end before shutdown.
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await gracefulShutdownSleep(interval)
            } catch {
                return
            }
            do {
                try await sweep()
            } catch {
                logger.warning("orphan sweep failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

private func gracefulShutdownSleep(_ duration: Duration) async throws {
    try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
}
