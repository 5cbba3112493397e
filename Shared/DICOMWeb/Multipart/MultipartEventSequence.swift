import NIOCore

/// Parses an async sequence of body chunks into multipart events without buffering the body.
public struct MultipartEventSequence<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    public typealias Element = MultipartEvent

    let base: Base
    let boundary: String

    /// Creates the sequence.
    /// - Parameters:
    ///   - base: the body chunks (e.g. a request body).
    ///   - boundary: the boundary from the Content-Type.
    public init(_ base: Base, boundary: String) {
        self.base = base
        self.boundary = boundary
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), parser: MultipartParser(boundary: boundary))
    }

    /// Pulls chunks from the base as events are consumed.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var parser: MultipartParser
        var queue: [MultipartEvent] = []
        var queueIndex = 0
        var finished = false

        /// The next event.
        /// - Returns: nil after the close delimiter and the end of the body.
        /// - Throws: `DICOMWebError` for malformed bodies, or the base sequence's error.
        public mutating func next() async throws -> MultipartEvent? {
            while queueIndex >= queue.count {
                if finished { return nil }
                queue.removeAll(keepingCapacity: true)
                queueIndex = 0
                guard let chunk = try await base.next() else {
                    try parser.finish()
                    finished = true
                    return nil
                }
                queue = try parser.feed(chunk)
            }
            defer { queueIndex += 1 }
            return queue[queueIndex]
        }
    }
}
