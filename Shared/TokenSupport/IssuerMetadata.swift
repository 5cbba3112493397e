import AsyncHTTPClient
import Foundation
import JWTKit
import Logging
import NIOFoundationCompat

/// An OpenID Provider's discovery document and signing keys, fetched over the back
/// channel and cached.
///
/// Keys are refreshed when they are older than `maximumAge`, or when a token names a `kid`
/// the cache does not know — but at most once per `minimumRefreshInterval`, so a flood of
/// tokens with made-up `kid`s cannot make the gateway hammer the provider. Concurrent
/// callers share one refresh.
public actor IssuerMetadata {
    /// A key usable for one algorithm.
    struct VerificationKey: Sendable {
        let keys: JWTKeyCollection
    }

    /// What one JWKS entry says about itself (RFC 7517 §4).
    private struct KeyDescription: Decodable {
        var kty: String?
        var kid: String?
        var use: String?
        var alg: String?
        var crv: String?
    }

    private struct KeySet: Decodable {
        var keys: [KeyDescription]
    }

    private struct Snapshot {
        var discovery: OIDCDiscovery
        /// JWK by kid; the empty string holds a key published without `kid`.
        var keys: [String: (description: KeyDescription, jwk: JWK)]
        var fetchedAt: ContinuousClock.Instant
    }

    /// Where the provider is.
    public nonisolated let location: IssuerLocation
    let client: BackchannelClient
    let minimumRefreshInterval: Duration
    let maximumAge: Duration
    let logger: Logger
    private var snapshot: Snapshot?
    private var lastAttempt: ContinuousClock.Instant?
    private var refreshing: Task<Snapshot, any Error>?
    private var verifiers: [String: VerificationKey] = [:]

    /// Creates the cache; nothing is fetched until first needed.
    /// - Parameters:
    ///   - location: The issuer and its back-channel bases.
    ///   - client: Back-channel HTTP client.
    ///   - minimumRefreshInterval: Least time between two fetches caused by unknown `kid`s.
    ///   - maximumAge: Keys and discovery older than this are fetched again.
    ///   - logger: For fetch failures and key rotations.
    public init(
        location: IssuerLocation, client: BackchannelClient, minimumRefreshInterval: Duration = .seconds(10),
        maximumAge: Duration = .seconds(600), logger: Logger
    ) {
        self.location = location
        self.client = client
        self.minimumRefreshInterval = minimumRefreshInterval
        self.maximumAge = maximumAge
        self.logger = logger
    }

    /// The provider's discovery document.
    /// - Throws: ``TokenError`` `.issuerUnavailable` when it cannot be fetched or is invalid.
    public func discovery() async throws -> OIDCDiscovery {
        try await current().discovery
    }

    /// The number of signing keys currently known (for readiness and tests).
    public func keyCount() async throws -> Int {
        try await current().keys.count
    }

    /// The key that verifies `algorithm` signatures under `kid`.
    /// - Parameters:
    ///   - kid: The token's `kid`; `nil` is accepted only while the JWKS holds a single key.
    ///   - algorithm: The token's (already allowed) algorithm.
    /// - Throws: ``TokenError`` `.unknownKey` when no suitable key exists even after a refresh,
    ///   `.issuerUnavailable` when the keys cannot be fetched.
    func verificationKey(kid: String?, algorithm: SigningAlgorithm) async throws -> VerificationKey {
        var state = try await current()
        if Self.match(state, kid: kid, algorithm: algorithm) == nil, mayRefreshForUnknownKey() {
            logger.debug("unknown key id, refreshing JWKS")
            state = try await refresh()
        }
        guard let (id, jwk) = Self.match(state, kid: kid, algorithm: algorithm) else {
            throw TokenError(.unknownKey, "no signing key of the issuer matches the token")
        }
        let cacheKey = id + "\u{0}" + algorithm.rawValue
        if let cached = verifiers[cacheKey] { return cached }
        var pinned = jwk
        pinned.algorithm = JWK.Algorithm(rawValue: algorithm.rawValue)
        let keys = JWTKeyCollection()
        do {
            try await keys.add(jwk: pinned)
        } catch {
            throw TokenError(.unknownKey, "the issuer's key cannot verify \(algorithm.rawValue)")
        }
        let key = VerificationKey(keys: keys)
        verifiers[cacheKey] = key
        return key
    }

    private static func match(_ state: Snapshot, kid: String?, algorithm: SigningAlgorithm) -> (String, JWK)? {
        let candidate: (String, (description: KeyDescription, jwk: JWK))?
        if let kid {
            candidate = state.keys[kid].map { (kid, $0) }
        } else if state.keys.count == 1, let only = state.keys.first {
            candidate = (only.key, only.value)
        } else {
            candidate = nil
        }
        guard let (id, entry) = candidate else { return nil }
        let description = entry.description
        guard description.kty == algorithm.keyType else { return nil }
        if let alg = description.alg, alg != algorithm.rawValue { return nil }
        if let curve = algorithm.curve, description.crv != curve { return nil }
        return (id, entry.jwk)
    }

    private func mayRefreshForUnknownKey() -> Bool {
        guard let lastAttempt else { return true }
        return ContinuousClock.now - lastAttempt >= minimumRefreshInterval
    }

    private func current() async throws -> Snapshot {
        if let snapshot, ContinuousClock.now - snapshot.fetchedAt < maximumAge { return snapshot }
        if snapshot == nil, let lastAttempt, ContinuousClock.now - lastAttempt < .milliseconds(500), refreshing == nil {
            // The provider just failed: don't retry on every request.
            throw TokenError(.issuerUnavailable, "identity provider keys unavailable")
        }
        do {
            return try await refresh()
        } catch {
            // Serve stale keys while the provider is briefly away.
            if let snapshot { return snapshot }
            throw error
        }
    }

    private func refresh() async throws -> Snapshot {
        if let refreshing { return try await refreshing.value }
        lastAttempt = ContinuousClock.now
        let task = Task { [location, client] in try await Self.fetch(location: location, client: client) }
        refreshing = task
        defer { refreshing = nil }
        do {
            let fresh = try await task.value
            if let old = snapshot, Set(old.keys.keys) != Set(fresh.keys.keys) {
                logger.info("issuer signing keys changed", metadata: ["keys": "\(fresh.keys.count)"])
            }
            snapshot = fresh
            verifiers = verifiers.filter { entry in fresh.keys.keys.contains { entry.key.hasPrefix($0 + "\u{0}") } }
            return fresh
        } catch {
            logger.warning("cannot fetch issuer metadata", metadata: ["issuer": "\(location.issuer)", "error": "\(error)"])
            throw error
        }
    }

    private static func fetch(location: IssuerLocation, client: BackchannelClient) async throws -> Snapshot {
        let discoveryAnswer = try await client.get(location.discoveryURLs)
        guard discoveryAnswer.status == 200,
              let discovery = try? JSONDecoder().decode(OIDCDiscovery.self, from: Data(buffer: discoveryAnswer.body))
        else {
            throw TokenError(.issuerUnavailable, "discovery document unavailable (status \(discoveryAnswer.status))")
        }
        guard discovery.issuer == location.issuer else {
            // OIDC Discovery §4.3: the issuer must be exactly the one asked for.
            throw TokenError(.issuerUnavailable, "discovery document names another issuer")
        }
        let keysAnswer = try await client.get(location.backchannelURLs(for: discovery.jwksURI))
        let data = Data(buffer: keysAnswer.body)
        guard keysAnswer.status == 200,
              let descriptions = try? JSONDecoder().decode(KeySet.self, from: data),
              let jwks = try? JSONDecoder().decode(JWKS.self, from: data),
              descriptions.keys.count == jwks.keys.count
        else {
            throw TokenError(.issuerUnavailable, "JWKS unavailable (status \(keysAnswer.status))")
        }
        var keys: [String: (description: KeyDescription, jwk: JWK)] = [:]
        for (description, jwk) in zip(descriptions.keys, jwks.keys) {
            // Only signature keys (RFC 7517 §4.2); Keycloak also publishes RSA-OAEP encryption keys.
            guard description.use == nil || description.use == "sig" else { continue }
            guard description.alg.map({ SigningAlgorithm(rawValue: $0) != nil }) ?? true else { continue }
            keys[description.kid ?? ""] = (description, jwk)
        }
        return Snapshot(discovery: discovery, keys: keys, fetchedAt: ContinuousClock.now)
    }
}
