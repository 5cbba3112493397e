import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// An ``EventStore`` that writes behind the requests recording events: `record` queues the
/// event and returns, and one writer task inserts whatever has queued in multi-row
/// statements (one round trip for many grants under load, at once when idle).
///
/// Nothing is lost on a clean shutdown: as a lifecycle service it waits, after the HTTP server
/// has drained its requests, until every queued event is written. Reads wait until every event
/// queued before them is written, so this replica's reads see its own writes. A batch that
/// fails (say, one event of a realm deleted meanwhile) is retried event by event, so only the
/// failing events are dropped (and logged), as when each was written on its own.
public final class BatchingEventStore: EventStore, Service {
    let base: PostgresEventStore

    struct State {
        var queue: [IdentityEvent] = []
        /// Whether a writer task is running.
        var writing = false
        /// Events queued so far, and those written (or dropped) so far.
        var queued: UInt64 = 0
        var settled: UInt64 = 0
        /// Readers waiting until `settled` reaches their mark.
        var waiters: [(mark: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    /// Creates the store over the PostgreSQL event store.
    public init(base: PostgresEventStore) { self.base = base }

    public func record(_ event: IdentityEvent, logger: Logger) async throws {
        let startWriter = state.withLock { state in
            state.queue.append(event)
            state.queued += 1
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
        if startWriter { Task { await self.write(logger: logger) } }
    }

    public func events(realmID: UUID, types: [String], first: Int, max: Int, logger: Logger) async throws -> [IdentityEvent] {
        await written()
        return try await base.events(realmID: realmID, types: types, first: first, max: max, logger: logger)
    }

    /// Returns once every event queued before the call is written (or dropped).
    public func written() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                guard state.settled < state.queued else { return true }
                state.waiters.append((state.queued, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Waits for graceful shutdown, then for the queue to drain.
    public func run() async throws {
        try? await gracefulShutdown()
        await written()
    }

    /// The writer: inserts queued events in batches until the queue is empty.
    private func write(logger: Logger) async {
        while true {
            let batch: [IdentityEvent] = state.withLock { state in
                let batch = Array(state.queue.prefix(PostgresEventStore.maximumBatch))
                state.queue.removeFirst(batch.count)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            await insert(batch, logger: logger)
            let ready = state.withLock { state in
                state.settled += UInt64(batch.count)
                let settled = state.settled
                let ready = state.waiters.filter { $0.mark <= settled }.map(\.continuation)
                state.waiters.removeAll { $0.mark <= settled }
                return ready
            }
            for continuation in ready { continuation.resume() }
        }
    }

    private func insert(_ batch: [IdentityEvent], logger: Logger) async {
        do {
            try await base.record(batch: batch, logger: logger)
            return
        } catch {
            guard batch.count > 1 else {
                logger.warning("could not record event", metadata: ["event": "\(batch[0].type)", "error": "\(String(reflecting: error))"])
                return
            }
        }
        // Retry one by one so only the events that cannot be written are lost.
        for event in batch {
            do {
                try await base.record(event, logger: logger)
            } catch {
                logger.warning("could not record event", metadata: ["event": "\(event.type)", "error": "\(String(reflecting: error))"])
            }
        }
    }
}
