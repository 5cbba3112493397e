import NIOCore
import Synchronization

/// Counts the bytes of a streamed request body and fails the stream once they exceed a
/// limit, so a chunked upload without `Content-Length` is stopped at the limit too.
struct LimitedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    /// Raised inside the stream; the proxy answers 413 when it sees ``Tripwire/tripped``.
    struct LimitExceeded: Error {}

    /// Shared flag telling the proxy that the limit, not the network, ended the upload.
    final class Tripwire: Sendable {
        private let flag = Atomic<Bool>(false)
        var tripped: Bool { flag.load(ordering: .relaxed) }
        func trip() { flag.store(true, ordering: .relaxed) }
    }

    let base: Base
    let limit: Int64?
    let tripwire: Tripwire

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int64?
        let tripwire: Tripwire
        var seen: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            seen += Int64(chunk.readableBytes)
            if let limit, seen > limit {
                tripwire.trip()
                throw LimitExceeded()
            }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit, tripwire: tripwire)
    }
}
