import Foundation
import Synchronization

/// RS256 tokens (access and ID tokens) whose signature this replica already checked, by
/// their exact text: resource servers introspect the same access token on every call they
/// serve, and a token's signature and claims never change. What can change is checked on
/// every use all the same — expiry by ``SigningKeyRing/verify(_:realmID:allowExpired:logger:)``,
/// revocation, session and user by ``TokenValidator`` — and a hit counts only while the key
/// that signed it is still loaded. Internal (HS512) tokens are not kept: refresh tokens are
/// mostly single-use.
final class VerifiedTokenCache: Sendable {
    /// Most tokens kept (about 2 KB each); when full the cache starts over.
    static let maximumEntries = 1024

    struct Key: Hashable {
        var realmID: UUID
        var token: String
    }

    struct Verified {
        /// The key that signed it.
        var kid: String
        var claims: TokenClaims
    }

    private let entries = Mutex<[Key: Verified]>([:])

    /// The verified claims of `token` in the realm, if seen before.
    func lookup(realmID: UUID, token: String) -> Verified? {
        entries.withLock { $0[Key(realmID: realmID, token: token)] }
    }

    /// Remembers a token whose signature verified.
    func store(realmID: UUID, token: String, _ verified: Verified) {
        entries.withLock { entries in
            if entries.count >= Self.maximumEntries { entries.removeAll(keepingCapacity: true) }
            entries[Key(realmID: realmID, token: token)] = verified
        }
    }
}
