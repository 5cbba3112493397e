import Foundation

/// An RFC 7662 §2.2 introspection answer, with the Keycloak extras (`realm_access`, …).
struct IntrospectionResponse: Decodable, Sendable {
    var active: Bool
    var scope: String?
    var clientID: String?
    var username: String?
    var preferredUsername: String?
    var tokenType: String?
    var exp: Double?
    var nbf: Double?
    var sub: String?
    var aud: [String]?
    var iss: String?
    var realmAccess: AccessTokenClaims.Roles?
    var resourceAccess: [String: AccessTokenClaims.Roles]?

    enum CodingKeys: String, CodingKey {
        case active, scope, username, exp, nbf, sub, aud, iss
        case clientID = "client_id", preferredUsername = "preferred_username", tokenType = "token_type"
        case realmAccess = "realm_access", resourceAccess = "resource_access"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        active = try container.decode(Bool.self, forKey: .active)
        scope = try? container.decodeIfPresent(String.self, forKey: .scope)
        clientID = try? container.decodeIfPresent(String.self, forKey: .clientID)
        username = try? container.decodeIfPresent(String.self, forKey: .username)
        preferredUsername = try? container.decodeIfPresent(String.self, forKey: .preferredUsername)
        tokenType = try? container.decodeIfPresent(String.self, forKey: .tokenType)
        exp = try? container.decodeIfPresent(Double.self, forKey: .exp)
        nbf = try? container.decodeIfPresent(Double.self, forKey: .nbf)
        sub = try? container.decodeIfPresent(String.self, forKey: .sub)
        if let single = try? container.decodeIfPresent(String.self, forKey: .aud) {
            aud = [single]
        } else {
            aud = try? container.decodeIfPresent([String].self, forKey: .aud)
        }
        iss = try? container.decodeIfPresent(String.self, forKey: .iss)
        realmAccess = try? container.decodeIfPresent(AccessTokenClaims.Roles.self, forKey: .realmAccess)
        resourceAccess = try? container.decodeIfPresent([String: AccessTokenClaims.Roles].self, forKey: .resourceAccess)
    }
}
