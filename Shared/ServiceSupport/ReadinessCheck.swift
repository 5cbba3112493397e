/// Something a service needs in order to answer requests (its database, an upstream).
/// `/readyz` runs every check and answers 503 while any fails.
public protocol ReadinessCheck: Sendable {
    /// Short name shown in the `/readyz` answer, e.g. `database`.
    var name: String { get }
    /// Returns when the dependency answers.
    /// - Throws: ``ReadinessFailure`` (or any error) describing why it does not.
    func check() async throws
}

/// Why a dependency is not ready; `reason` is shown in `/readyz` and must not carry secrets.
public struct ReadinessFailure: Error, CustomStringConvertible, Sendable {
    /// Human-readable reason.
    public var reason: String
    /// Creates a failure.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A readiness check from a closure (for small checks that need no type of their own).
public struct ClosureReadinessCheck: ReadinessCheck {
    public let name: String
    private let body: @Sendable () async throws -> Void

    /// Creates a check.
    public init(name: String, _ body: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.body = body
    }

    public func check() async throws { try await body() }
}
