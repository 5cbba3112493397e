import CPBKDF2
import NIOCore
import NIOPosix
import Synchronization

/// Runs PBKDF2-HMAC-SHA512 derivations (keys of at most 64 bytes) of concurrent callers
/// together, up to four at a time per worker, so that concurrent password logins share one
/// core's SIMD width: on x86-64 with AVX2 four derivations cost about what one costs alone
/// (see CPBKDF2.h).
///
/// Scheduling: callers append jobs to one queue. Workers run on a thread pool, never on an
/// event loop, one slice (``stepsPerSlice`` iterations, about 2 ms) per work item, and
/// re-submit themselves until they have nothing left, so other pool work interleaves. At the
/// start of every slice a worker moves queued jobs into its free lanes, so a job never waits
/// for company: a lone request starts at once on its own, and one arriving while others run
/// joins them at the next slice boundary (lanes need not share password, salt or iteration
/// count). A further worker starts only when the queue holds more jobs than the running
/// workers have lanes, up to `maximumWorkers` (one per core): lanes fill before cores do,
/// which gives the most derivations per CPU-second under load.
final class PBKDF2Batcher: Sendable {
    /// Longest derived key: one PBKDF2 block of HMAC-SHA512. Longer keys need swift-crypto.
    static let maximumKeyBytes = Int(CPBKDF2_MAX_KEY_BYTES)

    /// Iterations a worker runs between looks at the queue.
    static let stepsPerSlice: UInt32 = 2048

    /// The process-wide batcher, on NIO's shared thread pool with one worker per core.
    static let shared = PBKDF2Batcher(threadPool: .singleton, maximumWorkers: System.coreCount)

    private struct Queue {
        var pending: [PBKDF2Job] = []
        /// Workers started and not yet retired.
        var workers = 0
        /// Jobs in workers' lanes.
        var busyLanes = 0
        /// Most jobs ever in lanes at once.
        var peakBusyLanes = 0
    }

    private let queue = Mutex(Queue())
    private let threadPool: NIOThreadPool
    private let maximumWorkers: Int

    /// - Parameters:
    ///   - threadPool: Where workers run.
    ///   - maximumWorkers: Most workers at once (at least 1).
    init(threadPool: NIOThreadPool, maximumWorkers: Int) {
        self.threadPool = threadPool
        self.maximumWorkers = max(1, maximumWorkers)
    }

    /// Most derivations that have run side by side in this batcher's lanes (diagnostics).
    var peakBusyLanes: Int { queue.withLock { $0.peakBusyLanes } }

    /// Derives a PBKDF2-HMAC-SHA512 key.
    /// - Parameters:
    ///   - password: The password (its UTF-8 bytes are the PBKDF2 password).
    ///   - salt: The salt.
    ///   - iterations: The iteration count, 1...UInt32.max.
    ///   - length: The key length in bytes, 1...``maximumKeyBytes``.
    /// - Returns: The derived key.
    /// - Throws: `NIOThreadPoolError.ThreadPoolInactive` when the thread pool has shut down.
    func derive(password: String, salt: [UInt8], iterations: Int, length: Int) async throws -> [UInt8] {
        precondition((1...Self.maximumKeyBytes).contains(length) && (1...Int(UInt32.max)).contains(iterations))
        return try await withCheckedThrowingContinuation { continuation in
            let job = PBKDF2Job(password: password.utf8, salt: salt, iterations: UInt32(iterations), length: length,
                                continuation: continuation)
            let startWorker = queue.withLock { queue in
                queue.pending.append(job)
                let demand = queue.pending.count + queue.busyLanes
                guard queue.workers == 0 || (queue.workers < maximumWorkers && demand > queue.workers * PBKDF2Lanes.count)
                else { return false }
                queue.workers += 1
                return true
            }
            if startWorker { schedule(PBKDF2Lanes()) }
        }
    }

    private func schedule(_ lanes: PBKDF2Lanes) {
        threadPool.submit { state in self.runSlice(lanes, state: state) }
    }

    /// One work item: fill free lanes from the queue, run a slice, hand out finished keys,
    /// and re-submit — or retire when the lanes and the queue are empty.
    private func runSlice(_ lanes: PBKDF2Lanes, state: NIOThreadPool.WorkItemState) {
        guard case .active = state else { return shutDown(lanes) }
        let admitted: [PBKDF2Job]? = queue.withLock { queue in
            let count = min(lanes.freeLanes, queue.pending.count)
            if count == 0 && lanes.isIdle {
                queue.workers -= 1
                return nil
            }
            let jobs = Array(queue.pending.prefix(count))
            queue.pending.removeFirst(count)
            queue.busyLanes += count
            queue.peakBusyLanes = max(queue.peakBusyLanes, queue.busyLanes)
            return jobs
        }
        guard let admitted else { return }
        lanes.admit(admitted)
        let finished = lanes.advance(maximumSteps: Self.stepsPerSlice)
        if !finished.isEmpty {
            queue.withLock { $0.busyLanes -= finished.count }
            for (job, key) in finished { job.continuation.resume(returning: key) }
        }
        schedule(lanes)
    }

    /// The pool no longer runs work: fail this worker's jobs and everything queued (no
    /// worker can take it any more; later jobs start a worker that lands here too).
    private func shutDown(_ lanes: PBKDF2Lanes) {
        let evicted = lanes.evict()
        let pending = queue.withLock { queue in
            queue.workers -= 1
            queue.busyLanes -= evicted.count
            defer { queue.pending.removeAll() }
            return queue.pending
        }
        for job in evicted + pending { job.continuation.resume(throwing: NIOThreadPoolError.ThreadPoolInactive()) }
    }
}
