import Foundation
import NIOCore

/// Reads a `multipart/related` body (RFC 2387, RFC 2046 §5.1) part by part as it streams in,
/// never holding more than one network chunk plus a delimiter's length of body bytes.
///
/// pacs-service's own reader until DICOMWeb offers a shared one; the ingest flow only sees
/// ``nextPart()`` and ``nextBodyChunk()``, so it can be swapped without touching routes.
public struct MultipartRelatedReader<Source: AsyncIteratorProtocol> where Source.Element == ByteBuffer {
    /// One part's headers.
    public struct Part: Sendable {
        /// Header fields with lower-cased names.
        public var headers: [String: String]
        /// The part's media type, when it has a valid `Content-Type`.
        public var contentType: HeaderMediaType? { headers["content-type"].flatMap(HeaderMediaType.init) }
    }

    private enum State { case preamble, headers, body, end }

    private var source: Source
    private var buffer = ByteBuffer()
    private var state = State.preamble
    private var sourceEnded = false
    private let delimiter: [UInt8]
    private let maxHeaderBytes: Int

    /// Creates a reader.
    /// - Parameters:
    ///   - source: The body's chunks.
    ///   - boundary: The `boundary` parameter of the request's Content-Type.
    ///   - maxHeaderBytes: Most bytes of one part's header block.
    /// - Throws: ``PACSError`` `.badRequest` for an invalid boundary (RFC 2046: 1–70 characters).
    public init(source: Source, boundary: String, maxHeaderBytes: Int = 16 << 10) throws {
        guard (1...70).contains(boundary.utf8.count), boundary.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw PACSError(.badRequest, "multipart boundary must be 1 to 70 printable characters")
        }
        self.source = source
        self.delimiter = Array("\r\n--\(boundary)".utf8)
        self.maxHeaderBytes = maxHeaderBytes
    }

    /// Skips what is left of the current part and reads the next part's headers.
    /// - Returns: The next part, or nil after the closing delimiter.
    /// - Throws: ``PACSError`` `.badRequest` when the body is not well-formed multipart.
    public mutating func nextPart() async throws -> Part? {
        while state == .body { _ = try await nextBodyChunk() }
        if state == .preamble { try await skipPreamble() }
        guard state == .headers else { return nil }
        return try await readHeaders()
    }

    /// The next chunk of the current part's body.
    /// - Returns: nil at the end of the part.
    /// - Throws: ``PACSError`` `.badRequest` when the body ends before the closing delimiter.
    public mutating func nextBodyChunk() async throws -> ByteBuffer? {
        guard state == .body else { return nil }
        while true {
            let view = buffer.readableBytesView
            if let found = search(view, from: view.startIndex) {
                let length = found - view.startIndex
                let chunk = buffer.readSlice(length: length)!
                buffer.moveReaderIndex(forwardBy: delimiter.count)
                try await afterDelimiter()
                return chunk.readableBytes > 0 ? chunk : nil
            }
            // Keep a tail that might be the start of the delimiter.
            let safe = buffer.readableBytes - (delimiter.count - 1)
            if safe > 0 {
                let chunk = buffer.readSlice(length: safe)!
                buffer.discardReadBytes()
                return chunk
            }
            guard try await fill() else { throw PACSError(.badRequest, "multipart body ends inside a part") }
        }
    }

    /// Finds the first delimiter at or after `start`.
    private func search(_ view: ByteBufferView, from start: Int) -> Int? {
        let first = delimiter[0]
        var index = start
        let last = view.endIndex - delimiter.count
        while index <= last {
            guard let candidate = view[index...last].firstIndex(of: first) else { return nil }
            var matches = true
            for offset in 1..<delimiter.count where view[candidate + offset] != delimiter[offset] {
                matches = false
                break
            }
            if matches { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// Reads one more chunk into the buffer.
    /// - Returns: false when the source has ended.
    private mutating func fill() async throws -> Bool {
        guard !sourceEnded else { return false }
        guard var chunk = try await source.next() else {
            sourceEnded = true
            return false
        }
        buffer.writeBuffer(&chunk)
        return true
    }

    /// Makes sure `count` bytes are buffered.
    private mutating func need(_ count: Int) async throws -> Bool {
        while buffer.readableBytes < count {
            guard try await fill() else { return false }
        }
        return true
    }

    /// Skips everything before the first delimiter (which may start the body without a CRLF).
    private mutating func skipPreamble() async throws {
        let opening = Array(delimiter.dropFirst(2))
        guard try await need(opening.count) else { throw PACSError(.badRequest, "multipart body has no boundary") }
        if buffer.readableBytesView.starts(with: opening) {
            buffer.moveReaderIndex(forwardBy: opening.count)
            try await afterDelimiter()
            return
        }
        while true {
            let view = buffer.readableBytesView
            if let found = search(view, from: view.startIndex) {
                buffer.moveReaderIndex(to: found + delimiter.count)
                try await afterDelimiter()
                return
            }
            if buffer.readableBytes > maxHeaderBytes { throw PACSError(.badRequest, "multipart preamble too long or boundary missing") }
            guard try await fill() else { throw PACSError(.badRequest, "multipart body has no boundary") }
        }
    }

    /// After a delimiter: `--` closes the body; otherwise optional blanks and CRLF start a part.
    private mutating func afterDelimiter() async throws {
        guard try await need(2) else { throw PACSError(.badRequest, "multipart body ends after a boundary") }
        let view = buffer.readableBytesView
        if view[view.startIndex] == UInt8(ascii: "-") && view[view.startIndex + 1] == UInt8(ascii: "-") {
            state = .end
            buffer.clear()
            return
        }
        while true {
            guard try await need(2) else { throw PACSError(.badRequest, "multipart body ends after a boundary") }
            let view = buffer.readableBytesView
            let byte = view[view.startIndex]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                buffer.moveReaderIndex(forwardBy: 1)
                continue
            }
            guard byte == 0x0D, view[view.startIndex + 1] == 0x0A else {
                throw PACSError(.badRequest, "multipart boundary is not followed by CRLF")
            }
            buffer.moveReaderIndex(forwardBy: 2)
            state = .headers
            return
        }
    }

    /// Reads header lines up to the blank line.
    private mutating func readHeaders() async throws -> Part {
        var headers: [String: String] = [:]
        var consumed = 0
        while true {
            let view = buffer.readableBytesView
            if let lineEnd = lineEnd(view) {
                let line = String(decoding: view[view.startIndex..<lineEnd], as: UTF8.self)
                buffer.moveReaderIndex(forwardBy: lineEnd - view.startIndex + 2)
                consumed += line.utf8.count + 2
                if line.isEmpty {
                    state = .body
                    buffer.discardReadBytes()
                    return Part(headers: headers)
                }
                guard let colon = line.firstIndex(of: ":") else { throw PACSError(.badRequest, "malformed multipart part header") }
                let name = line[..<colon].lowercased().trimmingCharacters(in: .whitespaces)
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                continue
            }
            if consumed + buffer.readableBytes > maxHeaderBytes { throw PACSError(.badRequest, "multipart part headers too long") }
            guard try await fill() else { throw PACSError(.badRequest, "multipart body ends inside part headers") }
        }
    }

    private func lineEnd(_ view: ByteBufferView) -> Int? {
        var index = view.startIndex
        while index + 1 < view.endIndex {
            if view[index] == 0x0D && view[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }
}
