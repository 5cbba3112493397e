import NIOCore

/// Paces a streamed request body to the upstream connection's event loop, so an upload
/// never runs ahead of the socket.
///
/// async-http-client hands each body chunk to its connection's event loop with
/// `execute` and asks for the next chunk at once; it only stops pulling after the event
/// loop has run those writes and found the channel unwritable. When that loop lags (a
/// busy machine), the client keeps reading from the browser and queues chunk after chunk
/// in the loop's task queue: a 2 GB upload then held hundreds of MB. After every
/// `window` bytes this sequence waits for a no-op on each event loop of the client's
/// group; tasks run in order, so by then every queued write has reached the channel and
/// the client has seen its writability. The barrier is posted at one window boundary and
/// awaited at the next, so the pipeline never drains: at most about two windows plus the
/// channel's write-buffer high-water mark are in flight per upload.
struct PacedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    /// The event loops the upstream connections live on.
    let eventLoops: [any EventLoop]
    /// Bytes passed on between two barriers.
    let window: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let eventLoops: [any EventLoop]
        let window: Int
        var sinceBarrier = 0
        var pending: [EventLoopFuture<Void>] = []

        mutating func next() async throws -> ByteBuffer? {
            if sinceBarrier >= window {
                sinceBarrier = 0
                for barrier in pending { try await barrier.get() }
                pending = eventLoops.map { $0.submit {} }
            }
            guard let chunk = try await base.next() else { return nil }
            sinceBarrier += chunk.readableBytes
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), eventLoops: eventLoops, window: window)
    }
}
