import NIOCore
import NIOPosix

/// Where the gateway's Swift tasks run.
public enum EventLoopExecutor {
    /// Makes NIO's event loops Swift Concurrency's global executor, so a proxied request is
    /// read, authenticated, forwarded and answered without hopping between NIO's threads and
    /// the concurrency pool (each hop is a thread wake-up; on a proxy they dominate CPU per
    /// request). Nothing in the gateway blocks a task: file reads and DNS lookups run on
    /// NIO's thread pool.
    /// - Warning: Call first thing on the main thread, before any task starts.
    /// - Returns: Whether the event loops were installed.
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
