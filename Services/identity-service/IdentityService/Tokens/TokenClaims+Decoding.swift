extension TokenClaims {
    /// Decodes a JWS payload whose signature verified: the same claims `JSONDecoder` decodes
    /// (unknown members skipped, `null` or absent optional claims nil), read straight from the
    /// UTF-8 bytes. Every refresh grant decodes its refresh token; Foundation's `JSONDecoder`
    /// took about 2 % of its CPU time for it.
    /// - Throws: ``ClaimsJSONReader/Malformed`` for anything that is not such a JSON object.
    init(jsonPayload bytes: [UInt8]) throws {
        var reader = ClaimsJSONReader(bytes)
        var exp: Int?, iat: Int?, jti: String?, iss: String?, typ: String?, azp: String?
        var claims = TokenClaims(exp: 0, iat: 0, jti: "", iss: "", typ: "", azp: "")
        try reader.object { reader, name in
            switch name {
            case "exp": exp = try reader.int()
            case "iat": iat = try reader.int()
            case "jti": jti = try reader.string()
            case "iss": iss = try reader.string()
            case "typ": typ = try reader.string()
            case "azp": azp = try reader.string()
            case "auth_time": claims.authTime = try reader.optional { r in try r.int() }
            case "aud": claims.aud = try reader.optional { r in try r.audience() }
            case "sub": claims.sub = try reader.optional { r in try r.string() }
            case "sid": claims.sid = try reader.optional { r in try r.string() }
            case "nonce": claims.nonce = try reader.optional { r in try r.string() }
            case "at_hash": claims.atHash = try reader.optional { r in try r.string() }
            case "acr": claims.acr = try reader.optional { r in try r.string() }
            case "allowed-origins": claims.allowedOrigins = try reader.optional { r in try r.strings() }
            case "realm_access": claims.realmAccess = try reader.optional { r in try r.roleList() }
            case "resource_access":
                claims.resourceAccess = try reader.optional { r in
                    var clients: [String: RoleList] = [:]
                    try r.object { r, client in clients[client] = try r.roleList() }
                    return clients
                }
            case "scope": claims.scope = try reader.optional { r in try r.string() }
            case "email_verified": claims.emailVerified = try reader.optional { r in try r.bool() }
            case "name": claims.name = try reader.optional { r in try r.string() }
            case "preferred_username": claims.preferredUsername = try reader.optional { r in try r.string() }
            case "given_name": claims.givenName = try reader.optional { r in try r.string() }
            case "family_name": claims.familyName = try reader.optional { r in try r.string() }
            case "email": claims.email = try reader.optional { r in try r.string() }
            case "client_id": claims.clientID = try reader.optional { r in try r.string() }
            default: try reader.skipValue()
            }
        }
        try reader.end()
        guard let exp, let iat, let jti, let iss, let typ, let azp else { throw ClaimsJSONReader.Malformed() }
        (claims.exp, claims.iat, claims.jti, claims.iss, claims.typ, claims.azp) = (exp, iat, jti, iss, typ, azp)
        self = claims
    }

    /// The mandatory claims as given (the rest nil).
    private init(exp: Int, iat: Int, jti: String, iss: String, typ: String, azp: String) {
        (self.exp, self.iat, self.jti, self.iss, self.typ, self.azp) = (exp, iat, jti, iss, typ, azp)
    }
}
