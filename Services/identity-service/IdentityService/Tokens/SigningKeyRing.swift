import _CryptoExtras
import Foundation
import JWTKit
import Logging

/// Each realm's signing keys, loaded from the database and kept per replica for a short
/// time (`reloadInterval`): a rotation on another replica is seen within that interval,
/// and a token whose `kid` is unknown triggers an immediate reload. Keys are created
/// on first use, once for all replicas (the database arbitrates).
public actor SigningKeyRing {
    /// A realm's loaded keys.
    struct Entry {
        var activeKID: String
        var records: [SigningKeyRecord]
        var collection: JWTKeyCollection
        var loadedAt: ContinuousClock.Instant
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

    /// Signs claims with the realm's active key.
    /// - Returns: The compact JWS.
    public func sign(_ claims: TokenClaims, realmID: UUID, logger: Logger) async throws -> String {
        let entry = try await entry(realmID: realmID, logger: logger)
        var header = JWTHeader()
        header.typ = "JWT"
        return try await entry.collection.sign(claims, kid: JWKIdentifier(string: entry.activeKID), header: header)
    }

    /// Verifies a token's RS256 signature against the realm's published keys and its expiry.
    /// - Parameter allowExpired: Accept an expired token (an `id_token_hint` at logout).
    /// - Returns: The claims.
    /// - Throws: ``IdentityError`` `.invalidToken` for any bad token (malformed, `alg` other than RS256,
    ///   unknown `kid`, bad signature, expired).
    public func verify(_ token: String, realmID: UUID, allowExpired: Bool = false, logger: Logger) async throws -> TokenClaims {
        guard token.utf8.count <= 16_384, let kid = Self.headerKID(token) else {
            throw IdentityError(.invalidToken, "Invalid token")
        }
        var entry = try await entry(realmID: realmID, logger: logger)
        if !entry.records.contains(where: { $0.kid == kid }) {
            entry = try await load(realmID: realmID, logger: logger)
            guard entry.records.contains(where: { $0.kid == kid }) else { throw IdentityError(.invalidToken, "Invalid token") }
        }
        do {
            if allowExpired { return try await entry.collection.verify(token, as: ClaimsIgnoringExpiry.self).claims }
            return try await entry.collection.verify(token, as: TokenClaims.self)
        } catch let error as IdentityError {
            throw error
        } catch {
            throw IdentityError(.invalidToken, "Invalid token")
        }
    }

    /// The realm's published public keys as a JWK Set (RFC 7517 §5).
    public func jwks(realmID: UUID, logger: Logger) async throws -> [[String: String]] {
        let entry = try await entry(realmID: realmID, logger: logger)
        return try entry.records.map { record in
            let key = try Insecure.RSA.PrivateKey(pem: record.privateKeyPEM).publicKey
            let (modulus, exponent) = try key.getKeyPrimitives()
            return ["kid": record.kid, "kty": "RSA", "alg": "RS256", "use": "sig",
                    "n": Base64URL.encode(modulus), "e": Base64URL.encode(exponent)]
        }
    }

    /// The active public key as base64 DER (SubjectPublicKeyInfo), as Keycloak's realm endpoint shows it.
    public func activePublicKey(realmID: UUID, logger: Logger) async throws -> String {
        let entry = try await entry(realmID: realmID, logger: logger)
        guard let record = entry.records.first(where: { $0.kid == entry.activeKID }) else {
            throw IdentityError(.notFound, "no signing key")
        }
        return try Insecure.RSA.PrivateKey(pem: record.privateKeyPEM).publicKey.derRepresentation.base64EncodedString()
    }

    /// Makes a new key active; the old one stays published for `retention`.
    public func rotate(realmID: UUID, logger: Logger) async throws {
        try await store.rotate(realmID: realmID, to: Self.generate(realmID: realmID), logger: logger)
        _ = try await load(realmID: realmID, logger: logger)
    }

    private func entry(realmID: UUID, logger: Logger) async throws -> Entry {
        if let entry = entries[realmID], ContinuousClock.now - entry.loadedAt < reloadInterval { return entry }
        return try await load(realmID: realmID, logger: logger)
    }

    private func load(realmID: UUID, logger: Logger) async throws -> Entry {
        var records = try await store.keys(realmID: realmID, retiredAfter: Date().addingTimeInterval(-retention), logger: logger)
        if !records.contains(where: { $0.retiredAt == nil }) {
            let created = try Self.generate(realmID: realmID)
            if try await store.insertActive(created, logger: logger) {
                logger.notice("created realm signing key", metadata: ["kid": "\(created.kid)"])
            }
            records = try await store.keys(realmID: realmID, retiredAfter: Date().addingTimeInterval(-retention), logger: logger)
        }
        guard let active = records.first(where: { $0.retiredAt == nil }) else { throw IdentityError(.notFound, "no signing key") }
        let collection = JWTKeyCollection()
        for record in records {
            await collection.add(rsa: try Insecure.RSA.PrivateKey(pem: record.privateKeyPEM), digestAlgorithm: .sha256,
                                 kid: JWKIdentifier(string: record.kid))
        }
        let entry = Entry(activeKID: active.kid, records: records, collection: collection, loadedAt: .now)
        entries[realmID] = entry
        return entry
    }

    /// A fresh 2048-bit RSA key with a random kid.
    static func generate(realmID: UUID) throws -> SigningKeyRecord {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return SigningKeyRecord(kid: RandomToken.make(bytes: 16), realmID: realmID, privateKeyPEM: key.pemRepresentation, createdAt: Date())
    }

    /// The `kid` of a token whose header says `alg: RS256`, or nil.
    static func headerKID(_ token: String) -> String? {
        guard let dot = token.firstIndex(of: "."), let bytes = Base64URL.decode(String(token[..<dot])),
              let header = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              header["alg"] as? String == "RS256", let kid = header["kid"] as? String
        else { return nil }
        return kid
    }
}

/// Token claims verified by signature only (an expired `id_token_hint` still identifies a session).
struct ClaimsIgnoringExpiry: JWTPayload {
    var claims: TokenClaims

    init(from decoder: any Decoder) throws { claims = try TokenClaims(from: decoder) }
    func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
