import ServiceSupport

/// RFC 7662 §2.2: the introspection answer — `{"active": false}`, or the token's claims with
/// `active`, `client_id`, `token_type` and (when the token has a user) `username`, as Keycloak answers.
public enum IntrospectionResponse: Sendable, Hashable {
    /// Not a token this realm considers active (nothing more is disclosed).
    case inactive
    /// An active token: its claims and its user's username.
    case active(TokenClaims, username: String?)

    /// The answer as JSON.
    func jsonBytes() -> [UInt8] {
        guard case .active(var claims, let username) = self else { return Array(#"{"active":false}"#.utf8) }
        claims.clientID = nil  // written below as the authorized party, as Keycloak does
        var body = claims.jsonBytes()
        let extra = JSONWriter.object(capacity: 192) { json in
            json.member("active", true)
            json.member("client_id", claims.azp)
            json.member("token_type", claims.typ)
            json.member("username", username)
        }
        // Splice the members into the claims object: `{…claims…,` + `…extra…}`.
        body.removeLast()
        body.append(UInt8(ascii: ","))
        body.append(contentsOf: extra.dropFirst())
        return body
    }
}
