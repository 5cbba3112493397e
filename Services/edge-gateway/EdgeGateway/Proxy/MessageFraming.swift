import Foundation
import HTTPTypes

/// Refuses requests whose body framing two parsers could read differently — the root of
/// request smuggling (RFC 9112 §6.1 and §6.3).
enum MessageFraming {
    /// How the request's body is delimited.
    enum Body: Equatable {
        /// No body.
        case none
        /// `Content-Length: n`.
        case length(Int64)
        /// `Transfer-Encoding: chunked`.
        case chunked
    }

    /// Validates the framing headers and tells how the body is delimited.
    /// - Throws: ``GatewayError`` `.badRequest` for both `Content-Length` and
    ///   `Transfer-Encoding`, several or list-valued `Content-Length`s, a non-numeric length,
    ///   a transfer coding other than exactly `chunked`, or several `Host` fields.
    static func body(of fields: HTTPFields) throws -> Body {
        let lengths = fields[values: .contentLength]
        let codings = fields[values: .transferEncoding]
        guard fields[values: HTTPField.Name("Host")!].isEmpty else {
            // The first Host became :authority; any other one is a second Host (RFC 9112 §3.2).
            throw GatewayError(.badRequest, "more than one Host header")
        }
        if !lengths.isEmpty && !codings.isEmpty {
            throw GatewayError(.badRequest, "both Content-Length and Transfer-Encoding")
        }
        if !codings.isEmpty {
            guard codings.count == 1, codings[0].trimmingCharacters(in: .whitespaces).lowercased() == "chunked" else {
                throw GatewayError(.badRequest, "unsupported Transfer-Encoding")
            }
            return .chunked
        }
        guard let length = lengths.first else { return .none }
        guard lengths.count == 1, !length.isEmpty, length.utf8.count <= 18, length.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let value = Int64(length)
        else {
            throw GatewayError(.badRequest, "invalid Content-Length")
        }
        return value == 0 ? .none : .length(value)
    }
}
