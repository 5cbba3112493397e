import Foundation

/// A login or admin event (Keycloak's EventRepresentation, the fields Tessera records).
public struct IdentityEvent: Sendable, Hashable {
    /// `LOGIN`, `LOGIN_ERROR`, `LOGOUT`, `CODE_TO_TOKEN`, `REFRESH_TOKEN`, `CLIENT_LOGIN`, `ADMIN_UPDATE`, …
    public var type: String
    /// The realm.
    public var realmID: UUID
    /// The OAuth client id involved.
    public var clientID: String?
    /// The user involved.
    public var userID: UUID?
    /// The SSO session involved.
    public var sessionID: UUID?
    /// Caller's address.
    public var ipAddress: String?
    /// Keycloak's error name for `_ERROR` events, e.g. `invalid_user_credentials`.
    public var error: String?
    /// Extra details (never passwords or tokens).
    public var details: [String: String] = [:]
    /// When it happened.
    public var time: Date = Date()

    /// Creates an event.
    public init(type: String, realmID: UUID, clientID: String? = nil, userID: UUID? = nil, sessionID: UUID? = nil,
                ipAddress: String? = nil, error: String? = nil, details: [String: String] = [:]) {
        self.type = type
        self.realmID = realmID
        self.clientID = clientID
        self.userID = userID
        self.sessionID = sessionID
        self.ipAddress = ipAddress
        self.error = error
        self.details = details
    }
}
