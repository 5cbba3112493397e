import NIOCore
import NIOPosix

/// Where identity-service's Swift tasks run.
public enum EventLoopExecutor {
    /// Makes NIO's event loops Swift Concurrency's global executor, so a token request is
    /// read, handled, sent to PostgreSQL and answered on one thread instead of hopping between
    /// NIO's threads and the concurrency pool (each hop is a thread wake-up, which on one core
    /// costs more than the request's own work). Nothing in identity-service blocks a task:
    /// password hashing runs on NIO's thread pool.
    /// - Warning: Call first thing on the main thread, before any task starts.
    /// - Returns: Whether the event loops were installed.
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
