import Foundation
import Logging
import ServiceLifecycle

/// Deletes expired codes, refresh tokens, revocations and sessions every `interval`
/// (a lifecycle service; any replica may run it, the deletes are idempotent).
public struct ExpiredGrantPurger: Service {
    let grants: any GrantStore
    let interval: Duration
    let logger: Logger

    /// Creates the purger.
    public init(grants: any GrantStore, interval: Duration = .seconds(600), logger: Logger) {
        self.grants = grants
        self.interval = interval
        self.logger = logger
    }

    /// Runs until graceful shutdown (the sleep is cancelled then, so shutdown never waits for it).
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try await grants.purgeExpired(before: Date(), logger: logger)
                } catch {
                    logger.warning("purging expired grants failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
        }
    }
}
