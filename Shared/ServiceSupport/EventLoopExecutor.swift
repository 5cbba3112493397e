#if compiler(>=6.3)
@_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency
#endif
import Foundation
import NIOCore
import NIOPosix

/// Where the services' Swift tasks run.
public enum EventLoopExecutor {
    /// Makes NIO's event loops Swift Concurrency's global executor, so a request is read,
    /// handled, sent on to PostgreSQL or an upstream and answered on one thread instead of
    /// hopping between NIO's threads and the concurrency pool (each hop is a thread wake-up,
    /// which on one core costs more than the request's own work). A service that installs it
    /// must never block a task: identity-service hashes passwords on NIO's thread pool, the
    /// gateway reads files and resolves names there.
    ///
    /// With Swift 6.3 it is done through the executor factory (SE-0471, still
    /// `@_spi(ExperimentalCustomExecutors)`): ``EventLoopTaskExecutor`` becomes the default
    /// executor, the platform's main executor stays. Before 6.3 NIO's own installer is tried; it
    /// finds the runtime's `swift_task_enqueueGlobal_hook` with `dlsym`, which never works in
    /// the release executable (with `--static-swift-stdlib` none of the runtime's symbols is in
    /// the dynamic symbol table), and it runs each job as the event loop's serial executor,
    /// which makes every call to a nonisolated async function a trip through the loop's queue.
    /// - Warning: Call first thing on the main thread, before any task starts.
    /// - Returns: Whether the event loops were installed.
    @discardableResult
    public static func install() -> Bool {
        limitEventLoopsToAllowedCPUs()
        #if compiler(>=6.3)
        if EventLoopTaskExecutor.platformScheduler != nil {
            _createExecutors(factory: EventLoopExecutorFactory.self)
            return true
        }
        #endif
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// NIO sizes its singleton group by the machine's (or cgroup's) core count, not by the CPUs
    /// the process may run on: pinned to one CPU (`taskset -c 0`) it would still start one
    /// event loop per core, and a request whose HTTP connection and PostgreSQL connection sit
    /// on different loops switches threads on every query. Caps the loop count at the CPU
    /// affinity's size, unless `NIO_SINGLETON_GROUP_LOOP_COUNT` sets it.
    static func limitEventLoopsToAllowedCPUs() {
        #if os(Linux)
        guard ProcessInfo.processInfo.environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil else { return }
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return }
        // A hex mask in comma-separated 32-bit groups, e.g. `Cpus_allowed:\t00000001`.
        let allowed = line.dropFirst("Cpus_allowed:".count).reduce(0) { count, character in
            count + (character.hexDigitValue?.nonzeroBitCount ?? 0)
        }
        if allowed > 0, allowed < System.coreCount { NIOSingletons.groupLoopCountSuggestion = allowed }
        #endif
    }
}

#if compiler(>=6.3)
/// The executor factory that makes NIO's event loops the default executor.
enum EventLoopExecutorFactory: ExecutorFactory {
    static var mainExecutor: any MainExecutor { PlatformExecutorFactory.mainExecutor }
    static var defaultExecutor: any TaskExecutor { EventLoopTaskExecutor.shared }
}

/// Runs Swift tasks on NIO's singleton event loops: a job goes to the event loop its enqueuer
/// runs on (`any()` is sticky), else to the next one — as NIO's own global-executor hook does.
/// Delayed jobs (`Task.sleep`) go to the platform's executor, which runs them when due; what
/// they enqueue next comes back here.
final class EventLoopTaskExecutor: TaskExecutor, SchedulingExecutor {
    static let shared = EventLoopTaskExecutor()

    /// The platform's default executor, which schedules delayed jobs (nil if it cannot).
    static let platformScheduler = PlatformExecutorFactory.defaultExecutor as? any SchedulingExecutor

    /// Runs the job on an event loop as this task executor, not as the loop's serial executor
    /// (what `EventLoop.enqueue(_:)` does): the runtime then sees a task running on the
    /// default executor, and its calls to nonisolated async functions continue on the spot.
    /// Run as the loop's serial executor, every such call was a different isolation to the
    /// runtime — a trip through the loop's task queue: about 250 per refresh grant, a quarter
    /// of its instructions outside RSA signing.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        MultiThreadedEventLoopGroup.singleton.any().execute { job.runSynchronously(on: executor) }
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C) {
        Self.platformScheduler!.enqueue(job, after: delay, tolerance: tolerance, clock: clock)
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
        Self.platformScheduler!.enqueue(job, at: instant, tolerance: tolerance, clock: clock)
    }
}
#endif
