import NIOCore

/// An incremental `multipart/related` body parser (RFC 2046 §5.1, RFC 2387) over chunks of any size.
///
/// Delimiters are found across chunk borders; body bytes are handed on as soon as they cannot be
/// part of a delimiter, so memory stays bounded by the chunk size plus the boundary length.
public struct MultipartParser: Sendable {
    private enum State { case preamble, afterDelimiter, headers, body, epilogue }

    /// `CRLF--boundary`
    private let delimiter: [UInt8]
    /// The largest header block accepted, in bytes.
    public var maximumHeaderSize: Int
    /// The most parts accepted.
    public var maximumParts: Int
    private var state: State = .preamble
    private var pending: ByteBuffer
    private var consumed = 0
    private var parts = 0

    /// Creates a parser.
    /// - Parameters:
    ///   - boundary: the boundary from the Content-Type.
    ///   - maximumHeaderSize: the header block limit (default 16 KiB).
    ///   - maximumParts: the part count limit (default 100 000).
    public init(boundary: String, maximumHeaderSize: Int = 16 << 10, maximumParts: Int = 100_000) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.maximumHeaderSize = maximumHeaderSize
        self.maximumParts = maximumParts
        pending = ByteBuffer()
        // The first delimiter may open the body without a preceding CRLF: act as if one were there.
        pending.writeBytes([0x0D, 0x0A])
        consumed = -2
    }

    /// True once the close delimiter has been seen.
    public var isComplete: Bool { state == .epilogue }

    /// Feeds the next chunk of the body.
    /// - Parameter chunk: bytes in order.
    /// - Returns: the events the chunk completes.
    /// - Throws: `DICOMWebError` for malformed bodies or exceeded limits.
    public mutating func feed(_ chunk: ByteBuffer) throws(DICOMWebError) -> [MultipartEvent] {
        var chunk = chunk
        if state == .epilogue { return [] }
        pending.writeBuffer(&chunk)
        var events: [MultipartEvent] = []
        while try step(&events) {}
        if pending.readerIndex > 64 << 10 { pending.discardReadBytes() }
        return events
    }

    /// Signals the end of the body.
    /// - Throws: `DICOMWebError.Code.unexpectedEnd` unless the close delimiter was seen.
    public mutating func finish() throws(DICOMWebError) {
        guard state == .epilogue else {
            throw DICOMWebError(.unexpectedEnd, offset: consumed + pending.readableBytes, detail: "no close delimiter")
        }
    }

    /// Advances the state machine once; returns false when more input is needed.
    private mutating func step(_ events: inout [MultipartEvent]) throws(DICOMWebError) -> Bool {
        switch state {
        case .preamble:
            if let index = find(delimiter) {
                advance(index + delimiter.count)
                state = .afterDelimiter
                return true
            }
            advance(max(0, pending.readableBytes - delimiter.count + 1))
            return false
        case .afterDelimiter:
            let view = pending.readableBytesView
            guard view.count >= 2 else { return false }
            if view[view.startIndex] == UInt8(ascii: "-") && view[view.startIndex + 1] == UInt8(ascii: "-") {
                advance(2)
                state = .epilogue
                advance(pending.readableBytes)
                return false
            }
            // Transport padding (spaces, tabs), then CRLF (RFC 2046 §5.1.1).
            var index = 0
            while index < view.count, view[view.startIndex + index] == 0x20 || view[view.startIndex + index] == 0x09 { index += 1 }
            guard index + 2 <= view.count else {
                if index > 200 { throw DICOMWebError(.malformedMultipart, offset: consumed, detail: "bad delimiter line") }
                return false
            }
            guard view[view.startIndex + index] == 0x0D, view[view.startIndex + index + 1] == 0x0A else {
                throw DICOMWebError(.malformedMultipart, offset: consumed + index, detail: "delimiter not followed by CRLF")
            }
            advance(index + 2)
            parts += 1
            guard parts <= maximumParts else { throw DICOMWebError(.tooManyParts, offset: consumed) }
            state = .headers
            return true
        case .headers:
            let view = pending.readableBytesView
            if view.count >= 2, view[view.startIndex] == 0x0D, view[view.startIndex + 1] == 0x0A {
                advance(2)
                events.append(.headers([]))
                state = .body
                return true
            }
            guard let end = find([0x0D, 0x0A, 0x0D, 0x0A]) else {
                if pending.readableBytes > maximumHeaderSize {
                    throw DICOMWebError(.headerTooLarge, offset: consumed)
                }
                return false
            }
            guard end <= maximumHeaderSize else { throw DICOMWebError(.headerTooLarge, offset: consumed) }
            let block = pending.readSlice(length: end)!
            let start = consumed
            consumed += end
            advance(4)
            events.append(.headers(try MultipartParser.parseHeaders(block, offset: start)))
            state = .body
            return true
        case .body:
            if let index = find(delimiter) {
                if index > 0 { events.append(.body(pending.readSlice(length: index)!)); consumed += index }
                advance(delimiter.count)
                events.append(.partEnd)
                state = .afterDelimiter
                return true
            }
            let safe = pending.readableBytes - (delimiter.count - 1)
            if safe > 0 {
                events.append(.body(pending.readSlice(length: safe)!))
                consumed += safe
            }
            return false
        case .epilogue:
            advance(pending.readableBytes)
            return false
        }
    }

    private mutating func advance(_ count: Int) {
        pending.moveReaderIndex(forwardBy: count)
        consumed += count
    }

    /// The offset of `needle` in the readable bytes, or nil.
    private func find(_ needle: [UInt8]) -> Int? {
        pending.withUnsafeReadableBytes { haystack -> Int? in
            let count = haystack.count
            let length = needle.count
            guard count >= length else { return nil }
            let first = needle[0]
            var index = 0
            let last = count - length
            while index <= last {
                guard let found = haystack[index...last].firstIndex(of: first) else { return nil }
                var matched = true
                var offset = 1
                while offset < length {
                    if haystack[found + offset] != needle[offset] { matched = false; break }
                    offset += 1
                }
                if matched { return found }
                index = found + 1
            }
            return nil
        }
    }

    /// Parses `Name: value` lines (RFC 5322 §2.2, folded lines joined).
    static func parseHeaders(_ block: ByteBuffer, offset: Int) throws(DICOMWebError) -> [MultipartHeader] {
        let text = String(decoding: block.readableBytesView, as: UTF8.self)
        var headers: [MultipartHeader] = []
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            if line.first == " " || line.first == "\t", var last = headers.popLast() {
                last.value += " " + line.trimmingCharacters(in: " \t")
                headers.append(last)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw DICOMWebError(.malformedMultipart, offset: offset, detail: "header line without colon")
            }
            headers.append(MultipartHeader(name: String(line[..<colon]).trimmingCharacters(in: " \t"),
                                           value: String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t")))
        }
        return headers
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
