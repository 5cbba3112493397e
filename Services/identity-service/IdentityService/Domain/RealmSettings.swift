import Foundation

/// A realm's settings, with Keycloak's realm-representation field names and defaults, so a
/// realm export decodes straight into it and exports encode from it.
public struct RealmSettings: Sendable, Hashable, Codable {
    /// Seconds an access token lives (`accessTokenLifespan`, 300).
    public var accessTokenLifespan: Int = 300
    /// Seconds an SSO session may stay idle (`ssoSessionIdleTimeout`, 1800).
    public var ssoSessionIdleTimeout: Int = 1800
    /// Maximum seconds an SSO session lives (`ssoSessionMaxLifespan`, 36000).
    public var ssoSessionMaxLifespan: Int = 36000
    /// Seconds an offline session may stay idle (`offlineSessionIdleTimeout`, 2592000).
    public var offlineSessionIdleTimeout: Int = 2_592_000
    /// Whether offline sessions also have a maximum lifespan (`offlineSessionMaxLifespanEnabled`, false).
    public var offlineSessionMaxLifespanEnabled: Bool = false
    /// Maximum seconds an offline session lives when enabled (`offlineSessionMaxLifespan`, 5184000).
    public var offlineSessionMaxLifespan: Int = 5_184_000
    /// Seconds an authorization code stays valid (`accessCodeLifespan`, 60).
    public var accessCodeLifespan: Int = 60
    /// Seconds a login page stays valid (`accessCodeLifespanLogin`, 1800).
    public var accessCodeLifespanLogin: Int = 1800
    /// `none`, `external` or `all` (`sslRequired`, `external`).
    public var sslRequired: String = "external"
    /// Rotate refresh tokens and detect reuse (`revokeRefreshToken`, false).
    public var revokeRefreshToken: Bool = false
    /// How often one refresh token may be reused when rotation is on (`refreshTokenMaxReuse`, 0).
    public var refreshTokenMaxReuse: Int = 0
    /// Brute-force detection on (`bruteForceProtected`, false).
    public var bruteForceProtected: Bool = false
    /// Lock for good after `failureFactor` failures (`permanentLockout`, false).
    public var permanentLockout: Bool = false
    /// Longest temporary lockout in seconds (`maxFailureWaitSeconds`, 900).
    public var maxFailureWaitSeconds: Int = 900
    /// Lockout after quick successive failures (`minimumQuickLoginWaitSeconds`, 60).
    public var minimumQuickLoginWaitSeconds: Int = 60
    /// Lockout grows by this many seconds per `failureFactor` failures (`waitIncrementSeconds`, 60).
    public var waitIncrementSeconds: Int = 60
    /// Failures closer than this are "quick" (`quickLoginCheckMilliSeconds`, 1000).
    public var quickLoginCheckMilliSeconds: Int = 1000
    /// Failure count resets after this many seconds without failures (`maxDeltaTimeSeconds`, 43200).
    public var maxDeltaTimeSeconds: Int = 43200
    /// Failures before a lockout (`failureFactor`, 30).
    public var failureFactor: Int = 30
    /// Keycloak password-policy string, e.g. `length(12) and digits(1) and hashIterations(27500)`.
    public var passwordPolicy: String?
    /// Login theme folder (`loginTheme`): `default` or `ohif`.
    public var loginTheme: String?
    /// Users may log in with their email (`loginWithEmailAllowed`, true).
    public var loginWithEmailAllowed: Bool = true
    /// Two users may share an email (`duplicateEmailsAllowed`, false).
    public var duplicateEmailsAllowed: Bool = false
    /// Record login events (`eventsEnabled`, false; errors and logins are always recorded here).
    public var eventsEnabled: Bool = false
    /// Record admin events (`adminEventsEnabled`, false).
    public var adminEventsEnabled: Bool = false
    /// The event types saved (`enabledEventTypes`); empty for Keycloak's default set
    /// (``savesEvents(ofType:)``).
    public var enabledEventTypes: [String] = []
    /// Realm attributes; `frontendUrl` overrides the issuer's base URL.
    public var attributes: [String: String] = [:]
    /// Headers on the realm's HTML pages (`browserSecurityHeaders`, Keycloak's defaults).
    public var browserSecurityHeaders = BrowserSecurityHeaders()

    /// Creates default settings.
    public init() {}

    /// The realm's frontend URL override (attribute `frontendUrl`), without a trailing slash.
    public var frontendURL: String? {
        guard let value = attributes["frontendUrl"], !value.isEmpty else { return nil }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    enum CodingKeys: String, CodingKey {
        case accessTokenLifespan, ssoSessionIdleTimeout, ssoSessionMaxLifespan, accessCodeLifespan
        case offlineSessionIdleTimeout, offlineSessionMaxLifespanEnabled, offlineSessionMaxLifespan
        case accessCodeLifespanLogin, sslRequired, revokeRefreshToken, refreshTokenMaxReuse
        case bruteForceProtected, permanentLockout, maxFailureWaitSeconds, minimumQuickLoginWaitSeconds
        case waitIncrementSeconds, quickLoginCheckMilliSeconds, maxDeltaTimeSeconds, failureFactor
        case passwordPolicy, loginTheme, loginWithEmailAllowed, duplicateEmailsAllowed
        case eventsEnabled, adminEventsEnabled, enabledEventTypes, attributes, browserSecurityHeaders
    }

    /// Decodes settings; every missing field keeps its Keycloak default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        let d = RealmSettings()
        accessTokenLifespan = try value(.accessTokenLifespan, d.accessTokenLifespan)
        ssoSessionIdleTimeout = try value(.ssoSessionIdleTimeout, d.ssoSessionIdleTimeout)
        ssoSessionMaxLifespan = try value(.ssoSessionMaxLifespan, d.ssoSessionMaxLifespan)
        accessCodeLifespan = try value(.accessCodeLifespan, d.accessCodeLifespan)
        offlineSessionIdleTimeout = try value(.offlineSessionIdleTimeout, d.offlineSessionIdleTimeout)
        offlineSessionMaxLifespanEnabled = try value(.offlineSessionMaxLifespanEnabled, d.offlineSessionMaxLifespanEnabled)
        offlineSessionMaxLifespan = try value(.offlineSessionMaxLifespan, d.offlineSessionMaxLifespan)
        accessCodeLifespanLogin = try value(.accessCodeLifespanLogin, d.accessCodeLifespanLogin)
        sslRequired = try value(.sslRequired, d.sslRequired)
        revokeRefreshToken = try value(.revokeRefreshToken, d.revokeRefreshToken)
        refreshTokenMaxReuse = try value(.refreshTokenMaxReuse, d.refreshTokenMaxReuse)
        bruteForceProtected = try value(.bruteForceProtected, d.bruteForceProtected)
        permanentLockout = try value(.permanentLockout, d.permanentLockout)
        maxFailureWaitSeconds = try value(.maxFailureWaitSeconds, d.maxFailureWaitSeconds)
        minimumQuickLoginWaitSeconds = try value(.minimumQuickLoginWaitSeconds, d.minimumQuickLoginWaitSeconds)
        waitIncrementSeconds = try value(.waitIncrementSeconds, d.waitIncrementSeconds)
        quickLoginCheckMilliSeconds = try value(.quickLoginCheckMilliSeconds, d.quickLoginCheckMilliSeconds)
        maxDeltaTimeSeconds = try value(.maxDeltaTimeSeconds, d.maxDeltaTimeSeconds)
        failureFactor = try value(.failureFactor, d.failureFactor)
        passwordPolicy = try c.decodeIfPresent(String.self, forKey: .passwordPolicy)
        loginTheme = try c.decodeIfPresent(String.self, forKey: .loginTheme)
        loginWithEmailAllowed = try value(.loginWithEmailAllowed, d.loginWithEmailAllowed)
        duplicateEmailsAllowed = try value(.duplicateEmailsAllowed, d.duplicateEmailsAllowed)
        eventsEnabled = try value(.eventsEnabled, d.eventsEnabled)
        adminEventsEnabled = try value(.adminEventsEnabled, d.adminEventsEnabled)
        enabledEventTypes = try value(.enabledEventTypes, d.enabledEventTypes)
        attributes = try value(.attributes, d.attributes)
        browserSecurityHeaders = try value(.browserSecurityHeaders, d.browserSecurityHeaders)
    }

    /// Applies the fields present in a partial representation (admin PUT semantics: omitted
    /// fields stay; in `browserSecurityHeaders`, omitted keys stay too, as in Keycloak).
    /// - Parameter json: A realm representation object.
    /// - Throws: `DecodingError` when a present field has the wrong type, ``IdentityError`` for a header that isn't a string.
    public mutating func merge(_ json: [String: Any]) throws {
        var current = try JSONSerialization.jsonObject(with: JSONEncoder().encode(self)) as? [String: Any] ?? [:]
        for key in CodingKeys.allKeys where json[key] != nil { current[key] = json[key] }
        if let partial = json[CodingKeys.browserSecurityHeaders.rawValue] as? [String: Any] {
            var headers = browserSecurityHeaders
            try headers.merge(partial)
            current[CodingKeys.browserSecurityHeaders.rawValue] = headers.values
        }
        self = try JSONDecoder().decode(RealmSettings.self, from: JSONSerialization.data(withJSONObject: current))
    }
}

extension RealmSettings.CodingKeys {
    /// Every field name, for partial updates.
    static let allKeys: [String] = [
        "accessTokenLifespan", "ssoSessionIdleTimeout", "ssoSessionMaxLifespan", "accessCodeLifespan",
        "offlineSessionIdleTimeout", "offlineSessionMaxLifespanEnabled", "offlineSessionMaxLifespan",
        "accessCodeLifespanLogin", "sslRequired", "revokeRefreshToken", "refreshTokenMaxReuse",
        "bruteForceProtected", "permanentLockout", "maxFailureWaitSeconds", "minimumQuickLoginWaitSeconds",
        "waitIncrementSeconds", "quickLoginCheckMilliSeconds", "maxDeltaTimeSeconds", "failureFactor",
        "passwordPolicy", "loginTheme", "loginWithEmailAllowed", "duplicateEmailsAllowed",
        "eventsEnabled", "adminEventsEnabled", "enabledEventTypes", "attributes", "browserSecurityHeaders",
    ]
}
