/// A user search as the admin API's `GET /users` and `GET /users/count` express it.
public struct UserQuery: Sendable, Hashable {
    /// Substring of username, email, first or last name (`search`); `*` alone matches all.
    public var search: String?
    /// Username (`username`): substring, or exact when `exact`.
    public var username: String?
    /// Email (`email`): substring, or exact when `exact`.
    public var email: String?
    /// First name (`firstName`).
    public var firstName: String?
    /// Last name (`lastName`).
    public var lastName: String?
    /// Enabled flag (`enabled`).
    public var enabled: Bool?
    /// Exact instead of substring matching for the field parameters (`exact`).
    public var exact: Bool = false
    /// Offset (`first`).
    public var first: Int = 0
    /// Page size (`max`, default 100, capped at 1000).
    public var max: Int = 100

    /// Creates a query that matches every user.
    public init() {}
}
