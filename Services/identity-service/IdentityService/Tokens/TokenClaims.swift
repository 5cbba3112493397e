import Foundation
import JWTKit
import ServiceSupport

/// The claims of Tessera's access, ID and refresh tokens, shaped like Keycloak's
/// (`typ` is `Bearer`, `ID` or `Refresh`). Absent claims are omitted from the JSON.
public struct TokenClaims: JWTPayload, Sendable, Hashable {
    /// Expiry, seconds since 1970.
    public var exp: Int
    /// Issued at.
    public var iat: Int
    /// When the user authenticated.
    public var authTime: Int?
    /// Token id.
    public var jti: String
    /// Issuer: `${PUBLIC_URL}/auth/realms/{realm}` or the realm's frontend URL.
    public var iss: String
    /// Audience: one value or several.
    public var aud: Audience?
    /// Subject: the user id.
    public var sub: String?
    /// `Bearer`, `ID` or `Refresh`.
    public var typ: String
    /// Authorized party: the client the token was issued to.
    public var azp: String
    /// SSO session id.
    public var sid: String?
    /// ID token nonce.
    public var nonce: String?
    /// ID token `at_hash`.
    public var atHash: String?
    /// Authentication context class (`1`).
    public var acr: String?
    /// Allowed CORS origins.
    public var allowedOrigins: [String]?
    /// `{"roles": [...]}`.
    public var realmAccess: RoleList?
    /// `{"client": {"roles": [...]}}`.
    public var resourceAccess: [String: RoleList]?
    /// Granted scope, space-separated.
    public var scope: String?
    /// Whether the email is verified.
    public var emailVerified: Bool?
    /// Full name.
    public var name: String?
    /// Username.
    public var preferredUsername: String?
    /// First name.
    public var givenName: String?
    /// Last name.
    public var familyName: String?
    /// Email.
    public var email: String?
    /// Client id of a service account (`client_id`, as Keycloak adds for client_credentials).
    public var clientID: String?

    enum CodingKeys: String, CodingKey {
        case exp, iat, jti, iss, aud, sub, typ, azp, sid, nonce, acr, scope, name, email
        case authTime = "auth_time", atHash = "at_hash", allowedOrigins = "allowed-origins"
        case realmAccess = "realm_access", resourceAccess = "resource_access", emailVerified = "email_verified"
        case preferredUsername = "preferred_username", givenName = "given_name", familyName = "family_name"
        case clientID = "client_id"
    }

    /// Token types.
    public enum Kind: String, Sendable {
        /// Access token.
        case access = "Bearer"
        /// ID token.
        case id = "ID"
        /// Refresh token.
        case refresh = "Refresh"
        /// Offline token: a refresh token of an offline session (scope `offline_access`).
        case offline = "Offline"

        /// `Refresh` and `Offline`: the types the refresh grant accepts.
        public static let refreshTypes: Set<String> = [Kind.refresh.rawValue, Kind.offline.rawValue]
    }

    /// Creates claims with the mandatory fields.
    public init(kind: Kind, issuer: String, clientID: String, issuedAt: Date, lifespan: Int) {
        iat = Int(issuedAt.timeIntervalSince1970)
        exp = iat + lifespan
        jti = SecureRandom.uuid().lowercasedText
        iss = issuer
        typ = kind.rawValue
        azp = clientID
    }

    /// Checked by jwt-kit after the signature: not expired.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        guard Double(exp) > Date().timeIntervalSince1970 else {
            throw IdentityError(.invalidToken, "Token is not active")
        }
    }

    /// Whether the audience contains `value`.
    public func hasAudience(_ value: String) -> Bool {
        switch aud {
        case .none: false
        case .one(let one): one == value
        case .many(let many): many.contains(value)
        }
    }
}

/// `{"roles": [...]}` as in `realm_access` and `resource_access`.
public struct RoleList: Codable, Sendable, Hashable {
    /// Role names, sorted.
    public var roles: [String]

    /// Creates a role list (sorted for stable tokens).
    public init(_ roles: some Sequence<String>) { self.roles = roles.sorted() }
}

/// The `aud` claim: a string or an array of strings.
public enum Audience: Codable, Sendable, Hashable {
    /// One audience.
    case one(String)
    /// Several audiences.
    case many([String])

    /// Decodes either form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) { self = .one(one) } else { self = .many(try container.decode([String].self)) }
    }

    /// Encodes a single value as a string and several as an array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let one): try container.encode(one)
        case .many(let many): try many.count == 1 ? container.encode(many[0]) : container.encode(many)
        }
    }
}
