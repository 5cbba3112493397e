import Crypto
import _CryptoExtras
import Foundation
import JWTKit
import Logging

/// Each realm's signing keys, loaded from the database and kept per replica for a short
/// time (`reloadInterval`): a rotation on another replica is seen within that interval,
/// and a token whose `kid` is unknown triggers an immediate reload. Keys are created
/// on first use, once for all replicas (the database arbitrates).
///
/// Two keys are active per realm, as in Keycloak: an RS256 key for access and ID tokens
/// (published in JWKS) and an HS512 secret for internal tokens only this service verifies —
/// refresh tokens, the SSO cookie and action tokens — which never leaves the database.
public actor SigningKeyRing {
    /// The signature algorithm of published tokens.
    public static let publicAlgorithm = "RS256"
    /// The signature algorithm of internal tokens.
    public static let internalAlgorithm = "HS512"
    /// Token types that may be HS512-signed (anything else must be RS256).
    static let internalTypes: Set<String> = [TokenClaims.Kind.refresh.rawValue, TokenClaims.Kind.offline.rawValue, "Serialized-ID", "update-password"]

    /// A realm's loaded keys.
    struct Entry {
        var activeKID: String
        var activeInternalKID: String
        /// Algorithm of every loaded key, by kid.
        var algorithms: [String: String]
        var collection: JWTKeyCollection
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
    private var entries: [UUID: Entry] = [:]

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
        let entry = try await entry(realmID: realmID, logger: logger)
        var header = JWTHeader()
        header.typ = "JWT"
        return try await entry.collection.sign(claims, kid: JWKIdentifier(string: entry.activeKID), header: header)
    }

    /// Signs an internal token (refresh token, SSO cookie, action token) with the realm's
    /// active HS512 secret, as Keycloak signs its refresh tokens.
    /// - Returns: The compact JWS.
    public func signInternal(_ claims: TokenClaims, realmID: UUID, logger: Logger) async throws -> String {
        assert(Self.internalTypes.contains(claims.typ), "only internal token types are HS512-signed")
        let entry = try await entry(realmID: realmID, logger: logger)
        var header = JWTHeader()
        header.typ = "JWT"
        return try await entry.collection.sign(claims, kid: JWKIdentifier(string: entry.activeInternalKID), header: header)
    }

    /// Verifies a token's signature against the realm's keys and its expiry: RS256 for any
    /// token, HS512 only for internal token types; the header's `alg` must be the algorithm of
    /// the key its `kid` names (no algorithm confusion).
    /// - Parameter allowExpired: Accept an expired token (an `id_token_hint` at logout).
    /// - Returns: The claims.
    /// - Throws: ``IdentityError`` `.invalidToken` for any bad token (malformed, other `alg`,
    ///   unknown `kid`, bad signature, expired).
    public func verify(_ token: String, realmID: UUID, allowExpired: Bool = false, logger: Logger) async throws -> TokenClaims {
        guard token.utf8.count <= 16_384, let (alg, kid) = Self.header(token) else {
            throw IdentityError(.invalidToken, "Invalid token")
        }
        var entry = try await entry(realmID: realmID, logger: logger)
        if entry.algorithms[kid] == nil {
            entry = try await load(realmID: realmID, logger: logger)
        }
        guard entry.algorithms[kid] == alg else { throw IdentityError(.invalidToken, "Invalid token") }
        let claims: TokenClaims
        do {
            if allowExpired {
                claims = try await entry.collection.verify(token, as: ClaimsIgnoringExpiry.self).claims
            } else {
                claims = try await entry.collection.verify(token, as: TokenClaims.self)
            }
        } catch let error as IdentityError {
            throw error
        } catch {
            throw IdentityError(.invalidToken, "Invalid token")
        }
        guard alg == Self.publicAlgorithm || Self.internalTypes.contains(claims.typ) else {
            throw IdentityError(.invalidToken, "Invalid token")
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
        if let entry = entries[realmID], ContinuousClock.now - entry.loadedAt < reloadInterval { return entry }
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
        guard let active = records.first(where: { $0.retiredAt == nil && $0.algorithm == Self.publicAlgorithm }),
              let activeInternal = records.first(where: { $0.retiredAt == nil && $0.algorithm == Self.internalAlgorithm })
        else { throw IdentityError(.notFound, "no signing key") }
        let collection = JWTKeyCollection()
        var jwks: [[String: String]] = []
        var algorithms: [String: String] = [:]
        var activePublicKey = ""
        for record in records {
            switch record.algorithm {
            case Self.publicAlgorithm:
                let key = try Insecure.RSA.PrivateKey(pem: record.privateKeyPEM)
                await collection.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: record.kid))
                let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
                jwks.append(["kid": record.kid, "kty": "RSA", "alg": Self.publicAlgorithm, "use": "sig",
                             "n": Base64URL.encode(modulus), "e": Base64URL.encode(exponent)])
                if record.kid == active.kid { activePublicKey = key.publicKey.derRepresentation.base64EncodedString() }
            case Self.internalAlgorithm:
                guard let secret = Data(base64Encoded: record.privateKeyPEM), secret.count >= 32 else { continue }
                await collection.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha512, kid: JWKIdentifier(string: record.kid))
            default:
                continue
            }
            algorithms[record.kid] = record.algorithm
        }
        let entry = Entry(activeKID: active.kid, activeInternalKID: activeInternal.kid, algorithms: algorithms, collection: collection,
                          loadedAt: .now, jwks: jwks, activePublicKey: activePublicKey)
        entries[realmID] = entry
        return entry
    }

    /// A fresh 2048-bit RSA key with a random kid.
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
    static func header(_ token: String) -> (alg: String, kid: String)? {
        guard let dot = token.firstIndex(of: "."), let bytes = Base64URL.decode(String(token[..<dot])),
              let header = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let alg = header["alg"] as? String, alg == publicAlgorithm || alg == internalAlgorithm,
              let kid = header["kid"] as? String
        else { return nil }
        return (alg, kid)
    }
}

/// Token claims verified by signature only (an expired `id_token_hint` still identifies a session).
struct ClaimsIgnoringExpiry: JWTPayload {
    var claims: TokenClaims

    init(from decoder: any Decoder) throws { claims = try TokenClaims(from: decoder) }
    func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
