import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import ServiceSupport

/// ``EventLoopTaskExecutor`` runs tasks on NIO's event loops without a trip through the loop's
/// queue at every call of a nonisolated async function.
@Suite struct EventLoopExecutorTests {
    /// Does nothing, but as a nonisolated async function: the runtime switches to its
    /// executor on entry (or sees there is nothing to switch).
    @inline(never)
    static func nonisolatedStep() async {}

    @Test func tasksRunOnAnEventLoop() async {
        let onLoop = await withTaskExecutorPreference(EventLoopTaskExecutor.shared) {
            MultiThreadedEventLoopGroup.currentEventLoop != nil
        }
        #expect(onLoop)
    }

    @Test func nonisolatedCallsContinueWithoutGoingThroughTheLoopsQueue() async throws {
        let queuedRanFirst = try await withTaskExecutorPreference(EventLoopTaskExecutor.shared) {
            let loop = try #require(MultiThreadedEventLoopGroup.currentEventLoop)
            let queuedRan = NIOLockedValueBox(false)
            // Queued behind the running job: it runs first only if the call below hops (goes
            // back through the loop's queue, behind this closure).
            loop.execute { queuedRan.withLockedValue { $0 = true } }
            for _ in 0..<10 { await Self.nonisolatedStep() }
            return queuedRan.withLockedValue { $0 }
        }
        #expect(!queuedRanFirst)
    }
}
