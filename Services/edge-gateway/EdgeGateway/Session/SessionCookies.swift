import Foundation
import HTTPTypes

/// Reads and writes (chunked) cookies under one path with the gateway's attributes:
/// `HttpOnly`, `SameSite=Lax`, `Secure` on https.
struct SessionCookies: Sendable {
    /// Cookie path, e.g. `/pacs-admin`.
    let path: String
    /// Whether to add `Secure`.
    let secure: Bool
    /// Longest value put in one cookie; browsers keep at least 4096 bytes per cookie.
    static let chunkSize = 3800
    /// Most chunks read or written (bounds the session's size).
    static let maximumChunks = 8

    /// All cookies the request carries, by name (the first of duplicates wins).
    static func cookies(in fields: HTTPFields) -> [String: String] {
        var result: [String: String] = [:]
        for header in fields[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                if result[name] == nil { result[name] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        return result
    }

    /// Reassembles the value written by ``set(_:value:maxAge:previousChunks:)``.
    func read(_ name: String, from cookies: [String: String]) -> String? {
        guard let first = cookies[name] else { return nil }
        guard let dot = first.firstIndex(of: "."), let count = Int(first[..<dot]), (1...Self.maximumChunks).contains(count) else { return nil }
        var value = String(first[first.index(after: dot)...])
        for index in 1..<count {
            guard let chunk = cookies["\(name)_\(index)"] else { return nil }
            value += chunk
        }
        return value
    }

    /// How many chunks of `name` the request carries (to expire leftovers).
    func chunkCount(_ name: String, in cookies: [String: String]) -> Int {
        guard let first = cookies[name], let dot = first.firstIndex(of: "."), let count = Int(first[..<dot]) else { return 0 }
        return min(count, Self.maximumChunks)
    }

    /// `Set-Cookie` values storing `value` (split in chunks), expiring chunks left from before.
    /// - Throws: ``GatewayError`` when the value needs more than ``maximumChunks`` cookies.
    func set(_ name: String, value: String, maxAge: Int, previousChunks: Int) throws -> [String] {
        var chunks: [Substring] = []
        var rest = Substring(value)
        while !rest.isEmpty {
            chunks.append(rest.prefix(Self.chunkSize))
            rest = rest.dropFirst(Self.chunkSize)
        }
        guard !chunks.isEmpty, chunks.count <= Self.maximumChunks else { throw GatewayError(.unavailable, "session too large") }
        var headers = ["\(name)=\(chunks.count).\(chunks[0]); \(attributes(maxAge: maxAge))"]
        for index in 1..<max(chunks.count, 1) {
            headers.append("\(name)_\(index)=\(chunks[index]); \(attributes(maxAge: maxAge))")
        }
        if previousChunks > chunks.count {
            for index in chunks.count..<previousChunks { headers.append(expired("\(name)_\(index)")) }
        }
        return headers
    }

    /// `Set-Cookie` values removing `name` and its chunks.
    func clear(_ name: String, previousChunks: Int) -> [String] {
        [expired(name)] + (1..<max(previousChunks, 1)).map { expired("\(name)_\($0)") }
    }

    private func expired(_ name: String) -> String {
        "\(name)=; \(attributes(maxAge: 0))"
    }

    private func attributes(maxAge: Int) -> String {
        "Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }
}
