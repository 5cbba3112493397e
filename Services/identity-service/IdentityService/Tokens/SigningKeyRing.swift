import Crypto
import _CryptoExtras
import Foundation
import Logging
import Synchronization

/// Each realm's signing keys, loaded from the database and kept per replica for a short
/// time (`reloadInterval`): a rotation on another replica is seen within that interval,
/// and a token whose `kid` is unknown triggers an immediate reload. Keys are created
/// on first use, once for all replicas (the database arbitrates).
///
/// Two keys are active per realm, as in Keycloak: an RS256 key for access and ID tokens
/// (published in JWKS) and an HS512 secret for internal tokens only this service verifies —
/// refresh tokens, the SSO cookie and action tokens — which never leaves the database.
///
/// Loaded keys are an immutable snapshot per realm behind a lock, so signing and verifying
/// never wait on another request (only a reload reads the database). Access and ID tokens
/// whose signature verified are remembered by their text (``VerifiedTokenCache``).
public final class SigningKeyRing: Sendable {
    /// The signature algorithm of published tokens.
    public static let publicAlgorithm = "RS256"
    /// The signature algorithm of internal tokens.
    public static let internalAlgorithm = "HS512"
    /// Token types that may be HS512-signed (anything else must be RS256).
    static let internalTypes: Set<String> = [TokenClaims.Kind.refresh.rawValue, TokenClaims.Kind.offline.rawValue, "Serialized-ID", "update-password"]

    /// A realm's loaded keys.
    struct Entry: Sendable {
        var active: RealmSigningKey
        var activeInternal: RealmSigningKey
        /// Every loaded key, by kid.
        var keys: [String: RealmSigningKey]
        /// Keys by their encoded protected header (every token a key signs here starts with it).
        var byHeader: [Substring: RealmSigningKey]
        var loadedAt: ContinuousClock.Instant
        /// The published JWK Set entries (RS256 keys only), computed once per load.
        var jwks: [[String: String]]
        /// The active public key as base64 DER.
        var activePublicKey: String
    }

    let store: any SigningKeyStore
    let reloadInterval: Duration
    /// How long retired keys stay published (longest token lifespan).
    let retention: TimeInterval
    private let entries = Mutex<[UUID: Entry]>([:])
    /// Access and ID tokens already verified here.
    private let verified = VerifiedTokenCache()

    /// Creates the ring.
    /// - Parameters:
    ///   - store: Where keys live.
    ///   - reloadInterval: How long loaded keys are trusted before re-reading the database.
    ///   - retention: Seconds a retired key stays in JWKS.
    public init(store: any SigningKeyStore, reloadInterval: Duration = .seconds(60), retention: TimeInterval = 86_400 * 30) {
        self.store = store
        self.reloadInterval = reloadInterval
        self.retention = retention
    }

    /// Signs claims with the realm's active RS256 key (access and ID tokens).
    /// - Returns: The compact JWS.
    public func sign(_ claims: TokenClaims, realmID: UUID, logger: Logger) async throws -> String {
        try await entry(realmID: realmID, logger: logger).active.sign(payload: claims.jsonBytes())
    }

    /// Signs an internal token (refresh token, SSO cookie, action token) with the realm's
    /// active HS512 secret, as Keycloak signs its refresh tokens.
    /// - Returns: The compact JWS.
    public func signInternal(_ claims: TokenClaims, realmID: UUID, logger: Logger) async throws -> String {
        assert(Self.internalTypes.contains(claims.typ), "only internal token types are HS512-signed")
        return try await entry(realmID: realmID, logger: logger).activeInternal.sign(payload: claims.jsonBytes())
    }

    /// Verifies a token's signature against the realm's keys and its expiry: RS256 for any
    /// token, HS512 only for internal token types; the header's `alg` must be the algorithm of
    /// the key its `kid` names (no algorithm confusion).
    /// - Parameter allowExpired: Accept an expired token (an `id_token_hint` at logout).
    /// - Returns: The claims.
    /// - Throws: ``IdentityError`` `.invalidToken` for any bad token (malformed, other `alg`,
    ///   unknown `kid`, bad signature, expired).
    public func verify(_ token: String, realmID: UUID, allowExpired: Bool = false, logger: Logger) async throws -> TokenClaims {
        let invalid = IdentityError(.invalidToken, "Invalid token")
        guard token.utf8.count <= 16_384, let jws = CompactJWS(token) else { throw invalid }
        var entry = try await entry(realmID: realmID, logger: logger)
        let known = entry.byHeader[jws.header]
        // Only RS256 tokens are remembered: an internal token (a refresh token, used once) is not looked up.
        if known?.algorithm != Self.internalAlgorithm, let seen = verified.lookup(realmID: realmID, token: token), entry.keys[seen.kid] != nil {
            guard allowExpired || Double(seen.claims.exp) > Date().timeIntervalSince1970 else {
                throw IdentityError(.invalidToken, "Token is not active")
            }
            return seen.claims
        }
        let key: RealmSigningKey
        if let known {
            key = known
        } else {
            guard let (alg, kid) = Self.header(jws) else { throw invalid }
            if entry.keys[kid] == nil { entry = try await load(realmID: realmID, logger: logger) }
            guard let named = entry.keys[kid], named.algorithm == alg else { throw invalid }
            key = named
        }
        guard let signature = Base64URL.decode(jws.signature), key.verifies(signature, of: jws.signingInput.utf8),
              let payload = Base64URL.decode(jws.payload),
              let claims = try? TokenClaims(jsonPayload: payload)
        else { throw invalid }
        guard allowExpired || Double(claims.exp) > Date().timeIntervalSince1970 else {
            throw IdentityError(.invalidToken, "Token is not active")
        }
        if key.algorithm == Self.publicAlgorithm {
            verified.store(realmID: realmID, token: token, .init(kid: key.kid, claims: claims))
        } else if !Self.internalTypes.contains(claims.typ) {
            throw invalid
        }
        return claims
    }

    /// The realm's published public keys as a JWK Set (RFC 7517 §5).
    public func jwks(realmID: UUID, logger: Logger) async throws -> [[String: String]] {
        try await entry(realmID: realmID, logger: logger).jwks
    }

    /// The active public key as base64 DER (SubjectPublicKeyInfo), as Keycloak's realm endpoint shows it.
    public func activePublicKey(realmID: UUID, logger: Logger) async throws -> String {
        try await entry(realmID: realmID, logger: logger).activePublicKey
    }

    /// Makes a new RS256 key active; the old one stays published for `retention`.
    public func rotate(realmID: UUID, logger: Logger) async throws {
        try await store.rotate(realmID: realmID, to: Self.generate(realmID: realmID), logger: logger)
        _ = try await load(realmID: realmID, logger: logger)
    }

    private func entry(realmID: UUID, logger: Logger) async throws -> Entry {
        let cached = entries.withLock { $0[realmID] }
        if let cached, ContinuousClock.now - cached.loadedAt < reloadInterval { return cached }
        return try await load(realmID: realmID, logger: logger)
    }

    private func load(realmID: UUID, logger: Logger) async throws -> Entry {
        let cutoff = Date().addingTimeInterval(-retention)
        var records = try await store.keys(realmID: realmID, retiredAfter: cutoff, logger: logger)
        var created = false
        for algorithm in [Self.publicAlgorithm, Self.internalAlgorithm]
        where !records.contains(where: { $0.retiredAt == nil && $0.algorithm == algorithm }) {
            let key = algorithm == Self.publicAlgorithm ? try Self.generate(realmID: realmID) : Self.generateInternal(realmID: realmID)
            if try await store.insertActive(key, logger: logger) {
                logger.notice("created realm signing key", metadata: ["kid": "\(key.kid)", "algorithm": "\(algorithm)"])
            }
            created = true
        }
        if created { records = try await store.keys(realmID: realmID, retiredAfter: cutoff, logger: logger) }
        var keys: [String: RealmSigningKey] = [:]
        var jwks: [[String: String]] = []
        var activePublicKey = ""
        for record in records {
            switch record.algorithm {
            case Self.publicAlgorithm:
                let key = try _RSA.Signing.PrivateKey(pemRepresentation: record.privateKeyPEM)
                let publicKey = key.publicKey
                keys[record.kid] = RealmSigningKey(kid: record.kid, material: .rsa(key, publicKey))
                let primitives = try publicKey.getKeyPrimitives()
                jwks.append(["kid": record.kid, "kty": "RSA", "alg": Self.publicAlgorithm, "use": "sig",
                             "n": Base64URL.encode(primitives.modulus), "e": Base64URL.encode(primitives.publicExponent)])
                if record.retiredAt == nil { activePublicKey = publicKey.derRepresentation.base64EncodedString() }
            case Self.internalAlgorithm:
                guard let secret = Data(base64Encoded: record.privateKeyPEM), secret.count >= 32 else { continue }
                keys[record.kid] = RealmSigningKey(kid: record.kid, material: .hmac(secret: SymmetricKey(data: secret)))
            default:
                continue
            }
        }
        guard let active = records.first(where: { $0.retiredAt == nil && $0.algorithm == Self.publicAlgorithm }).flatMap({ keys[$0.kid] }),
              let activeInternal = records.first(where: { $0.retiredAt == nil && $0.algorithm == Self.internalAlgorithm }).flatMap({ keys[$0.kid] })
        else { throw IdentityError(.notFound, "no signing key") }
        var byHeader: [Substring: RealmSigningKey] = [:]
        for key in keys.values { byHeader[Substring(decoding: key.encodedHeader, as: UTF8.self)] = key }
        let entry = Entry(active: active, activeInternal: activeInternal, keys: keys, byHeader: byHeader, loadedAt: .now,
                          jwks: jwks, activePublicKey: activePublicKey)
        entries.withLock { $0[realmID] = entry }
        return entry
    }

    /// A fresh 2048-bit RSA key (Keycloak's default size) with a random kid.
    static func generate(realmID: UUID) throws -> SigningKeyRecord {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return SigningKeyRecord(kid: RandomToken.make(bytes: 16), realmID: realmID, privateKeyPEM: key.pemRepresentation, createdAt: Date())
    }

    /// A fresh 512-bit HMAC secret with a random kid.
    static func generateInternal(realmID: UUID) -> SigningKeyRecord {
        let secret = SymmetricKey(size: .init(bitCount: 512)).withUnsafeBytes { Data($0) }
        return SigningKeyRecord(kid: RandomToken.make(bytes: 16), realmID: realmID, privateKeyPEM: secret.base64EncodedString(),
                                createdAt: Date(), algorithm: internalAlgorithm)
    }

    /// The `alg` and `kid` of a token whose header names RS256 or HS512, or nil.
    static func header(_ jws: CompactJWS) -> (alg: String, kid: String)? {
        guard let bytes = Base64URL.decode(jws.header),
              let header = try? JSONDecoder().decode(CompactJWS.Header.self, from: Data(bytes)),
              header.alg == publicAlgorithm || header.alg == internalAlgorithm
        else { return nil }
        return (header.alg, header.kid)
    }
}
