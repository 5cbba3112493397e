import Crypto
import Foundation
import JWTKit

/// Verifies JWT access tokens locally against the issuer's JWKS (RFC 7519 §7.2, RFC 8725).
///
/// Checks, in order: the compact JWS shape and size; the header (`alg` from the allowed
/// asymmetric list — never `none` or HMAC —, no unknown `crit`); a key of the issuer's
/// JWKS with that `kid`, key type and curve; the signature; `iss` (exact match), `exp` and
/// `nbf` (with a small leeway), the token type (ID and refresh tokens are refused) and a
/// non-empty `sub`. Successful verifications are cached until the token expires, in a
/// bounded cache keyed by the token's SHA-256, so repeated requests cost one hash.
public struct JWTVerifier: TokenVerifier {
    /// Policy knobs.
    public struct Options: Sendable {
        /// Algorithms accepted (a subset of the asymmetric ones).
        public var allowedAlgorithms: Set<SigningAlgorithm>
        /// Clock skew tolerated on `exp` and `nbf`.
        public var leeway: TimeInterval
        /// Most verified tokens remembered.
        public var cacheCapacity: Int

        /// Creates options.
        public init(allowedAlgorithms: Set<SigningAlgorithm> = SigningAlgorithm.defaultAllowed, leeway: TimeInterval = 30, cacheCapacity: Int = 10_000) {
            self.allowedAlgorithms = allowedAlgorithms
            self.leeway = leeway
            self.cacheCapacity = cacheCapacity
        }
    }

    /// The issuer's keys.
    public let metadata: IssuerMetadata
    /// The policy.
    public let options: Options
    private let cache: ExpiringCache<SHA256Digest, VerifiedToken>

    /// Creates a verifier.
    public init(metadata: IssuerMetadata, options: Options = Options()) {
        self.metadata = metadata
        self.options = options
        self.cache = ExpiringCache(capacity: options.cacheCapacity)
    }

    /// Verifies `token` and returns what it says.
    /// - Parameter token: The compact JWS from the `Authorization` header.
    /// - Returns: The verified identity.
    /// - Throws: ``TokenError`` explaining the first failed check, or `.issuerUnavailable`
    ///   when the issuer's keys cannot be fetched.
    public func verify(_ token: BearerToken) async throws -> VerifiedToken {
        try await verify(token, now: Date())
    }

    /// ``verify(_:)`` at a given instant (tests move the clock).
    func verify(_ token: BearerToken, now: Date) async throws -> VerifiedToken {
        let digest = SHA256.hash(data: Data(token.value.utf8))
        if let known = cache.value(for: digest, now: now) { return known }
        let verified = try await verifyUncached(token.value, now: now)
        cache.insert(verified, for: digest, expiresAt: verified.expiresAt.addingTimeInterval(options.leeway), now: now)
        return verified
    }

    public func cachedVerification(_ token: BearerToken, now: Date) -> CachedVerification? {
        cache.entry(for: SHA256.hash(data: Data(token.value.utf8)), now: now).map { CachedVerification(identity: $0.value, validUntil: $0.expiresAt) }
    }

    private func verifyUncached(_ token: String, now: Date) async throws -> VerifiedToken {
        try check(try await verifiedClaims(token), now: now)
    }

    /// Checks the header, finds the key and verifies the signature.
    /// - Returns: The payload, whose claims are not checked yet.
    func verifiedClaims(_ token: String) async throws -> AccessTokenClaims {
        let header = try JWSHeader(compact: token)
        guard let algorithm = SigningAlgorithm(rawValue: header.algorithm), options.allowedAlgorithms.contains(algorithm) else {
            throw TokenError(.disallowedAlgorithm, "signing algorithm \(header.algorithm.prefix(16)) is not allowed")
        }
        let key = try await metadata.verificationKey(kid: header.keyID, algorithm: algorithm)
        do {
            return try await key.keys.verify(token, as: AccessTokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw TokenError(.badSignature, "signature does not verify")
        } catch {
            throw TokenError(.malformed, "token cannot be verified")
        }
    }

    /// Verifies an ID token received from the token endpoint (OIDC Core §3.1.3.7): signature,
    /// `iss`, `aud` naming `clientID` (and `azp` when there are several audiences), `exp`,
    /// and — when the login sent one — the `nonce`, compared in constant time.
    /// - Returns: The token's claims.
    /// - Throws: ``TokenError``.
    public func verifyIDToken(_ token: String, clientID: String, nonce: String?, now: Date = Date()) async throws -> AccessTokenClaims {
        let claims = try await verifiedClaims(token)
        guard claims.issuer == metadata.location.issuer else { throw TokenError(.wrongIssuer, "ID token was issued by another issuer") }
        let audience = claims.audience?.value ?? []
        guard audience.contains(clientID), audience.count == 1 || claims.authorizedParty == clientID else {
            throw TokenError(.wrongAudience, "ID token is not meant for this client")
        }
        guard let exp = claims.expiration, Date(timeIntervalSince1970: exp).addingTimeInterval(options.leeway) > now else {
            throw TokenError(.expired, "ID token has expired")
        }
        if let nonce {
            guard let received = claims.nonce, ConstantTime.equal(received, nonce) else {
                throw TokenError(.malformed, "ID token nonce does not match the login")
            }
        }
        guard let subject = claims.subject, !subject.isEmpty else { throw TokenError(.malformed, "ID token has no subject") }
        return claims
    }

    /// The claim checks of RFC 7519 §4.1 and RFC 9068 §4 on a signature-checked payload.
    func check(_ claims: AccessTokenClaims, now: Date) throws -> VerifiedToken {
        let issuer = metadata.location.issuer
        guard claims.issuer == issuer else { throw TokenError(.wrongIssuer, "token was issued by another issuer") }
        guard let exp = claims.expiration else { throw TokenError(.malformed, "token has no expiry") }
        let expiresAt = Date(timeIntervalSince1970: exp)
        guard expiresAt.addingTimeInterval(options.leeway) > now else { throw TokenError(.expired, "token has expired") }
        if let nbf = claims.notBefore, Date(timeIntervalSince1970: nbf).addingTimeInterval(-options.leeway) > now {
            throw TokenError(.notYetValid, "token is not valid yet")
        }
        if let type = claims.type?.lowercased(), ["id", "refresh", "offline", "logout"].contains(type) {
            throw TokenError(.malformed, "not an access token")
        }
        guard let subject = claims.subject, !subject.isEmpty else { throw TokenError(.malformed, "token has no subject") }
        return VerifiedToken(claims: claims, issuer: issuer, expiresAt: expiresAt)
    }
}
