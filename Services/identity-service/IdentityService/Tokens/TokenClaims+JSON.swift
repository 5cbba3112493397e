import ServiceSupport

extension TokenClaims {
    /// The claims as JSON (the JWS payload): the members `Codable` would write, absent claims
    /// omitted, role lists and `resource_access` clients in sorted order.
    func jsonBytes() -> [UInt8] {
        JSONWriter.object(capacity: 768) { json in
            json.member("exp", exp)
            json.member("iat", iat)
            json.member("auth_time", authTime)
            json.member("jti", jti)
            json.member("iss", iss)
            switch aud {
            case .none: break
            case .one(let one): json.member("aud", one)
            case .many(let many): many.count == 1 ? json.member("aud", many[0]) : json.member("aud", many)
            }
            json.member("sub", sub)
            json.member("typ", typ)
            json.member("azp", azp)
            json.member("sid", sid)
            json.member("nonce", nonce)
            json.member("at_hash", atHash)
            json.member("acr", acr)
            json.member("allowed-origins", allowedOrigins)
            if let realmAccess {
                json.member("realm_access") { $0.member("roles", realmAccess.roles) }
            }
            if let resourceAccess {
                json.member("resource_access") { clients in
                    for client in resourceAccess.keys.sorted() {
                        clients.member(client) { $0.member("roles", resourceAccess[client]?.roles) }
                    }
                }
            }
            json.member("scope", scope)
            json.member("email_verified", emailVerified)
            json.member("name", name)
            json.member("preferred_username", preferredUsername)
            json.member("given_name", givenName)
            json.member("family_name", familyName)
            json.member("email", email)
            json.member("client_id", clientID)
        }
    }
}
