import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Keeps a ``DirectoryCache`` correct across replicas: holds one pooled connection that
/// `LISTEN`s on `identity_cache` (notified by the triggers of migrations 0003 and 0008, with
/// the changed table as payload) and flushes the cache on every notification: only the
/// remembered access-token states when a session ended or a token was revoked
/// (``DirectoryCache/flushSessions()``), everything otherwise. While the connection is down the cache is off, so no replica
/// serves data it could not hear about; it reconnects after `retryDelay`.
public struct DirectoryCacheListener: Service {
    /// The notification channel the triggers use.
    public static let channel = "identity_cache"
    /// Payloads that concern only sessions and revocations (migration 0008).
    static let sessionTables: Set<String> = ["sso_sessions", "revoked_tokens"]

    let client: PostgresClient
    let cache: DirectoryCache
    let retryDelay: Duration
    let logger: Logger

    /// Creates the listener.
    public init(client: PostgresClient, cache: DirectoryCache, retryDelay: Duration = .seconds(1), logger: Logger) {
        self.client = client
        self.cache = cache
        self.retryDelay = retryDelay
        self.logger = logger
    }

    /// Listens until graceful shutdown.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: Self.channel) { notifications in
                            cache.activate()
                            for try await notification in notifications {
                                if Self.sessionTables.contains(notification.payload) { cache.flushSessions() } else { cache.flush() }
                            }
                        }
                    }
                } catch {
                    if !Task.isCancelled {
                        logger.warning("directory cache listener lost its connection", metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
                cache.deactivate()
                try await Task.sleep(for: retryDelay)
            }
        }
        cache.deactivate()
    }
}
