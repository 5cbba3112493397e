import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// Server-to-server HTTP calls to the identity provider: bounded answers, a timeout, and
/// failover across the replicas an ``IssuerLocation`` names.
public struct BackchannelClient: Sendable {
    /// An answer: status code and the (bounded) body.
    public struct Answer: Sendable {
        /// HTTP status code.
        public var status: Int
        /// Body bytes.
        public var body: ByteBuffer
    }

    let httpClient: HTTPClient
    /// Per-attempt timeout.
    public var timeout: Duration
    /// Largest body read from the provider.
    public var maximumBodySize: Int
    private let rotation = Rotation()

    /// Creates a client.
    /// - Parameters:
    ///   - httpClient: The shared HTTP client.
    ///   - timeout: Per-attempt timeout.
    ///   - maximumBodySize: Largest answer accepted (JWKS and discovery are small).
    public init(httpClient: HTTPClient, timeout: Duration = .seconds(5), maximumBodySize: Int = 512 * 1024) {
        self.httpClient = httpClient
        self.timeout = timeout
        self.maximumBodySize = maximumBodySize
    }

    /// GETs the first of `urls` that answers; connection failures move on to the next.
    /// - Throws: ``TokenError`` `.issuerUnavailable` when none answers.
    public func get(_ urls: [String]) async throws -> Answer {
        try await attempt(urls) { url in
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/json")
            return request
        }
    }

    /// POSTs an `application/x-www-form-urlencoded` body to the first of `urls` that answers.
    /// - Parameters:
    ///   - urls: Replica URLs of one endpoint.
    ///   - form: Form fields, encoded per the WHATWG URL standard's urlencoded serializer.
    ///   - authorization: An `Authorization` header value, if any.
    /// - Throws: ``TokenError`` `.issuerUnavailable` when none answers.
    public func postForm(_ urls: [String], form: [(String, String)], authorization: String?) async throws -> Answer {
        let body = FormEncoding.encode(form)
        return try await attempt(urls) { url in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: "Accept", value: "application/json")
            if let authorization { request.headers.add(name: "Authorization", value: authorization) }
            request.body = .bytes(ByteBuffer(string: body))
            return request
        }
    }

    private func attempt(_ urls: [String], _ makeRequest: (String) -> HTTPClientRequest) async throws -> Answer {
        guard !urls.isEmpty else { throw TokenError(.issuerUnavailable, "no identity provider URL") }
        let start = rotation.next()
        var lastReason = "identity provider unreachable"
        for offset in 0..<urls.count {
            let url = urls[(start + offset) % urls.count]
            do {
                let response = try await httpClient.execute(makeRequest(url), timeout: .init(timeout))
                let body = try await response.body.collect(upTo: maximumBodySize)
                return Answer(status: Int(response.status.code), body: body)
            } catch let error as NIOTooManyBytesError {
                _ = error
                throw TokenError(.issuerUnavailable, "identity provider answer too large")
            } catch {
                lastReason = "identity provider unreachable"
            }
        }
        throw TokenError(.issuerUnavailable, lastReason)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// A shared counter that spreads calls over replicas.
final class Rotation: Sendable {
    private let counter = Atomic<Int>(0)

    /// The next value (wrapping).
    func next() -> Int {
        counter.wrappingAdd(1, ordering: .relaxed).oldValue & Int.max
    }
}
