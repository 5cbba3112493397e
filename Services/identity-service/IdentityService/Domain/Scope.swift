/// OAuth scopes as Keycloak's default client scopes grant them.
public enum Scope {
    /// Scopes every client gets without asking (Keycloak's default client scopes).
    public static let defaults = ["profile", "email"]
    /// Scopes a client may ask for; `openid` makes the response carry an ID token.
    public static let known: Set<String> = ["openid", "profile", "email", "roles", "web-origins", "acr", "basic", "offline_access"]

    /// Whether a granted scope string asks for an offline token.
    public static func includesOfflineAccess(_ scope: String) -> Bool {
        includes(scope, "offline_access")
    }

    /// Whether the space-separated `scope` names `name` (compared over UTF-8: splitting the
    /// string into `Character`s cost thousands of instructions per token).
    public static func includes(_ scope: String, _ name: String) -> Bool {
        scope.utf8.split(separator: UInt8(ascii: " ")).contains { $0.elementsEqual(name.utf8) }
    }
    /// Longest scope parameter accepted.
    public static let maximumLength = 1024

    /// The scope granted for a request (RFC 6749 §3.3).
    /// - Parameter requested: The `scope` parameter, space-separated, or nil.
    /// - Returns: `openid` (when asked) followed by the default scopes and any other known scope asked for.
    /// - Throws: ``IdentityError`` `.invalidScope` for an unknown or oversized scope.
    public static func grant(_ requested: String?) throws -> String {
        let requested = requested ?? ""
        guard requested.utf8.count <= maximumLength else { throw IdentityError(.invalidScope, "Invalid scopes: scope too long") }
        let asked = requested.split(separator: " ").map(String.init)
        if let unknown = asked.first(where: { !known.contains($0) }) {
            throw IdentityError(.invalidScope, "Invalid scopes: \(unknown.prefix(64))")
        }
        var granted: [String] = asked.contains("openid") ? ["openid"] : []
        for scope in defaults + asked where !granted.contains(scope) && scope != "roles" && scope != "web-origins" && scope != "acr" && scope != "basic" {
            granted.append(scope)
        }
        return granted.joined(separator: " ")
    }

    /// Whether a granted scope string contains `openid`.
    public static func includesOpenID(_ scope: String) -> Bool {
        includes(scope, "openid")
    }
}
