import Foundation
import Logging

/// Authenticates clients at the token, introspection and revocation endpoints.
public struct ClientAuthenticator: Sendable {
    let clients: any ClientStore
    let cache: DirectoryCache

    /// Creates an authenticator.
    /// - Parameters:
    ///   - clients: The client store.
    ///   - cache: The directory cache clients are read through.
    public init(clients: any ClientStore, cache: DirectoryCache = DirectoryCache()) {
        self.clients = clients
        self.cache = cache
    }

    /// Finds the client and checks its secret (confidential clients) in constant time.
    /// - Parameters:
    ///   - credentials: What the request presented.
    ///   - realm: The realm.
    ///   - logger: Logger.
    /// - Returns: The enabled client.
    /// - Throws: ``IdentityError`` `.invalidClient` for an unknown or disabled client or a wrong or missing secret.
    public func authenticate(_ credentials: ClientCredentials, realm: Realm, logger: Logger) async throws -> Client {
        let invalid = IdentityError(.invalidClient, "Invalid client or Invalid client credentials")
        guard credentials.clientID.utf8.count <= 255,
              let client = try await cache.client(realmID: realm.id, clientID: credentials.clientID, load: {
                  try await clients.client(realmID: realm.id, clientID: credentials.clientID, logger: logger)
              })
        else { throw invalid }
        guard client.enabled else { throw invalid }
        if client.isConfidential {
            guard let presented = credentials.secret, let secret = client.secret, constantTimeEquals(presented, secret) else {
                throw invalid
            }
        } else if client.bearerOnly {
            throw IdentityError(.unauthorizedClient, "Bearer-only not allowed")
        }
        return client
    }
}
