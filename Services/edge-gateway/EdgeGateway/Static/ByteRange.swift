import Foundation

/// A single `Range: bytes=…` request (RFC 9110 §14.1.2), resolved against a file size.
enum ByteRange: Equatable {
    /// Serve the whole file (no range, several ranges, or a syntax we ignore).
    case whole
    /// Serve `range` with 206.
    case partial(ClosedRange<Int64>)
    /// 416: the range starts past the end.
    case unsatisfiable

    /// Parses `header` for a file of `size` bytes.
    init(header: String?, size: Int64) {
        guard let header, header.hasPrefix("bytes="), header.utf8.count <= 64 else { self = .whole; return }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { self = .whole; return }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            guard let suffix = Int64(last), suffix > 0 else { self = .unsatisfiable; return }
            guard size > 0 else { self = .unsatisfiable; return }
            self = .partial(max(0, size - suffix)...(size - 1))
            return
        }
        guard let start = Int64(first), start >= 0 else { self = .whole; return }
        guard start < size else { self = .unsatisfiable; return }
        if last.isEmpty {
            self = .partial(start...(size - 1))
        } else if let end = Int64(last), end >= start {
            self = .partial(start...min(end, size - 1))
        } else {
            self = .whole
        }
    }
}
