/// The identity paths worth limiting per client: the authorization and token endpoints
/// (credential guessing, code and refresh-token grinding) and login form posts.
enum RateLimitedPaths {
    /// Whether `path` (already normalised) is one of them, under the identity prefix `identity`.
    static func matches(_ path: NormalizedPath, identity: [String]) -> Bool {
        guard path.hasPrefix(identity) else { return false }
        let rest = Array(path.segments.dropFirst(identity.count))
        // realms/{realm}/protocol/openid-connect/{auth,token}
        if rest.count == 5, rest[0] == "realms", rest[2] == "protocol", rest[3] == "openid-connect", ["auth", "token"].contains(rest[4]) {
            return true
        }
        // realms/{realm}/login-actions/… (Keycloak's login form posts)
        return rest.count >= 4 && rest[0] == "realms" && rest[2] == "login-actions"
    }
}
