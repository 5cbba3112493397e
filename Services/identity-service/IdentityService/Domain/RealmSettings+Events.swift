extension RealmSettings {
    /// The event types Keycloak does not save unless `enabledEventTypes` names them
    /// (`EventType.saveByDefault` false): token refreshes, introspections, userinfo requests
    /// and the like, which would otherwise add a row for every few minutes of every session.
    static let eventTypesNotSavedByDefault: Set<String> = [
        "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "VALIDATE_ACCESS_TOKEN", "VALIDATE_ACCESS_TOKEN_ERROR",
        "INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR", "INVALID_SIGNATURE", "INVALID_SIGNATURE_ERROR",
        "REGISTER_NODE", "REGISTER_NODE_ERROR", "UNREGISTER_NODE", "UNREGISTER_NODE_ERROR",
        "USER_INFO_REQUEST", "USER_INFO_REQUEST_ERROR", "IDENTITY_PROVIDER_LOGIN", "IDENTITY_PROVIDER_LOGIN_ERROR",
        "IDENTITY_PROVIDER_RESPONSE", "IDENTITY_PROVIDER_RESPONSE_ERROR", "IDENTITY_PROVIDER_RETRIEVE_TOKEN",
        "IDENTITY_PROVIDER_RETRIEVE_TOKEN_ERROR", "CLIENT_INFO", "CLIENT_INFO_ERROR", "PERMISSION_TOKEN_ERROR",
        "PUSHED_AUTHORIZATION_REQUEST", "PUSHED_AUTHORIZATION_REQUEST_ERROR",
        "USER_DISABLED_BY_PERMANENT_LOCKOUT_ERROR", "USER_DISABLED_BY_TEMPORARY_LOCKOUT_ERROR",
    ]

    /// Whether events of `type` are saved, as Keycloak's event store decides: the types
    /// `enabledEventTypes` names, or — when it names none — every type Keycloak saves by
    /// default. The admin actions recorded as `ADMIN_…` events are always saved.
    public func savesEvents(ofType type: String) -> Bool {
        if type.hasPrefix("ADMIN_") { return true }
        if enabledEventTypes.isEmpty { return !Self.eventTypesNotSavedByDefault.contains(type) }
        return enabledEventTypes.contains(type)
    }
}
