import Crypto
import Foundation
import NIOFoundationCompat

/// Checks tokens with the issuer's RFC 7662 introspection endpoint, as a confidential client.
///
/// Answers are cached by the token's SHA-256: active ones for at most
/// min(`cacheTTL`, the token's `exp`), inactive ones for `cacheTTL`, so a revoked token
/// stops working within `cacheTTL`. The endpoint comes from the discovery document
/// (`introspection_endpoint`) and is reached over the back channel.
public struct IntrospectionVerifier: TokenVerifier {
    /// The issuer's metadata (for the endpoint).
    public let metadata: IssuerMetadata
    let clientID: String
    let clientSecret: String
    /// Longest time an answer is reused.
    public let cacheTTL: TimeInterval
    private let client: BackchannelClient
    private let cache: ExpiringCache<SHA256Digest, Result<VerifiedToken, TokenError>>

    /// Creates a verifier.
    /// - Parameters:
    ///   - metadata: The issuer's metadata.
    ///   - client: Back-channel HTTP client.
    ///   - clientID: The gateway's client id (e.g. `pacs`).
    ///   - clientSecret: Its secret; sent with HTTP Basic (RFC 6749 §2.3.1), never logged.
    ///   - cacheTTL: Longest reuse of an answer, in seconds.
    ///   - cacheCapacity: Most answers remembered.
    public init(metadata: IssuerMetadata, client: BackchannelClient, clientID: String, clientSecret: String, cacheTTL: TimeInterval = 30, cacheCapacity: Int = 10_000) {
        self.metadata = metadata
        self.client = client
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.cacheTTL = cacheTTL
        self.cache = ExpiringCache(capacity: cacheCapacity)
    }

    /// RFC 7662 §2.1: asks whether `token` is active.
    /// - Throws: ``TokenError`` `.inactive`, `.wrongIssuer`, `.expired`, or `.issuerUnavailable`.
    public func verify(_ token: BearerToken) async throws -> VerifiedToken {
        try await verify(token, now: Date())
    }

    /// ``verify(_:)`` at a given instant (tests move the clock).
    func verify(_ token: BearerToken, now: Date) async throws -> VerifiedToken {
        let digest = SHA256.hash(data: Data(token.value.utf8))
        if let known = cache.value(for: digest, now: now) { return try known.get() }
        let outcome: Result<VerifiedToken, TokenError>
        do {
            outcome = .success(try await introspect(token.value, now: now))
        } catch let error as TokenError where error.code != .issuerUnavailable {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let verified):
            cache.insert(outcome, for: digest, expiresAt: min(now.addingTimeInterval(cacheTTL), verified.expiresAt), now: now)
        case .failure:
            cache.insert(outcome, for: digest, expiresAt: now.addingTimeInterval(cacheTTL), now: now)
        }
        return try outcome.get()
    }

    public func cachedVerification(_ token: BearerToken, now: Date) -> CachedVerification? {
        guard let entry = cache.entry(for: SHA256.hash(data: Data(token.value.utf8)), now: now), case .success(let identity) = entry.value
        else { return nil }
        return CachedVerification(identity: identity, validUntil: entry.expiresAt)
    }

    private func introspect(_ token: String, now: Date) async throws -> VerifiedToken {
        guard token.utf8.count <= BearerToken.maximumLength else { throw TokenError(.malformed, "token too long") }
        let discovery = try await metadata.discovery()
        guard let endpoint = discovery.introspectionEndpoint else {
            throw TokenError(.issuerUnavailable, "issuer offers no introspection endpoint")
        }
        let credentials = FormEncoding.escape(clientID) + ":" + FormEncoding.escape(clientSecret)
        let answer = try await client.postForm(
            metadata.location.backchannelURLs(for: endpoint),
            form: [("token", token), ("token_type_hint", "access_token")],
            authorization: "Basic " + Data(credentials.utf8).base64EncodedString()
        )
        guard answer.status == 200 else {
            throw TokenError(.issuerUnavailable, "introspection answered \(answer.status)")
        }
        guard let response = try? JSONDecoder().decode(IntrospectionResponse.self, from: Data(buffer: answer.body)) else {
            throw TokenError(.issuerUnavailable, "introspection answer is not valid")
        }
        return try Self.identity(from: response, issuer: metadata.location.issuer, now: now)
    }

    /// Turns an introspection answer into an identity, refusing inactive or foreign tokens.
    static func identity(from response: IntrospectionResponse, issuer: String, now: Date) throws -> VerifiedToken {
        guard response.active else { throw TokenError(.inactive, "token is not active") }
        if let iss = response.iss, iss != issuer { throw TokenError(.wrongIssuer, "token was issued by another issuer") }
        if let type = response.tokenType?.lowercased(), ["id", "refresh", "offline", "logout"].contains(type) {
            throw TokenError(.malformed, "not an access token")
        }
        let expiresAt = response.exp.map { Date(timeIntervalSince1970: $0) } ?? now.addingTimeInterval(60)
        guard expiresAt > now else { throw TokenError(.expired, "token has expired") }
        guard let subject = response.sub ?? response.username, !subject.isEmpty else {
            throw TokenError(.malformed, "token has no subject")
        }
        return VerifiedToken(
            subject: subject,
            username: response.preferredUsername ?? response.username,
            issuer: issuer,
            audience: response.aud ?? [],
            clientID: response.clientID,
            realmRoles: Set(response.realmAccess?.roles ?? []),
            clientRoles: (response.resourceAccess ?? [:]).mapValues { Set($0.roles) },
            scopes: Set((response.scope ?? "").split(separator: " ").map(String.init)),
            expiresAt: expiresAt
        )
    }
}
