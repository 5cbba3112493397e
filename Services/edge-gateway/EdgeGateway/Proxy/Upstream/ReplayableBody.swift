import Hummingbird
import NIOCore
import NIOHTTP1

/// A client's request body on its way upstream, keeping its first bytes so an attempt that
/// failed before the upstream could have read the whole request can start over on another
/// connection or replica (a streamed body cannot be read twice from the client).
///
/// Only the first `replayLimit` bytes are kept; once more than that has been read from the
/// client, ``canReplay`` is `false` for good and the saved bytes are dropped.
final class ReplayableBody: @unchecked Sendable {
    // @unchecked: used by the one task forwarding the request, attempt after attempt.

    /// The client's body failed (too large, or the client went away) — not the upstream's fault.
    struct ClientBodyFailed: Error {
        let underlying: any Error
    }

    private var iterator: LimitedBody<RequestBody>.AsyncIterator
    private var saved: [ByteBuffer] = []
    private var savedBytes = 0
    private let replayLimit: Int
    private var exhausted = false
    /// Whether every byte read so far is still kept.
    private(set) var canReplay = true

    init(_ body: LimitedBody<RequestBody>, replayLimit: Int) {
        self.iterator = body.makeAsyncIterator()
        self.replayLimit = replayLimit
    }

    /// Writes the body (the kept bytes again, then the rest from the client) to `outbound`.
    /// - Throws: ``ClientBodyFailed`` when reading the client failed; the writer's error when
    ///   the upstream connection failed.
    func write(to outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>) async throws {
        precondition(canReplay, "the body was already streamed past its replayable start")
        for chunk in saved { try await outbound.write(.body(.byteBuffer(chunk))) }
        while !exhausted {
            let chunk: ByteBuffer?
            do {
                chunk = try await iterator.next()
            } catch {
                throw ClientBodyFailed(underlying: error)
            }
            guard let chunk else {
                exhausted = true
                break
            }
            if canReplay && savedBytes + chunk.readableBytes <= replayLimit {
                saved.append(chunk)
                savedBytes += chunk.readableBytes
            } else {
                canReplay = false
                saved = []
            }
            try await outbound.write(.body(.byteBuffer(chunk)))
        }
    }
}
