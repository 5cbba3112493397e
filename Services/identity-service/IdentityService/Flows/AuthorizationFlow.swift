import Foundation
import Logging

/// The browser side of the code flow: SSO session cookies, login, required actions and
/// code issuance (RFC 6749 §4.1, OIDC Core §3.1.2).
public struct AuthorizationFlow: Sendable {
    let stores: IdentityStores
    let keys: SigningKeyRing
    let issuer: TokenIssuer
    let events: EventRecorder
    let users: UserAuthenticator
    let hasher: PasswordHasher

    /// Creates the flow.
    public init(stores: IdentityStores, keys: SigningKeyRing, issuer: TokenIssuer, events: EventRecorder, hasher: PasswordHasher = PasswordHasher()) {
        self.stores = stores
        self.keys = keys
        self.issuer = issuer
        self.events = events
        self.hasher = hasher
        self.users = UserAuthenticator(users: stores.users, failures: stores.loginFailures, events: events, hasher: hasher)
    }

    /// An authenticated browser: its session and user.
    public struct Browser: Sendable, Hashable {
        /// The SSO session.
        public var session: SSOSession
        /// The user.
        public var user: User
    }

    /// What to do with a valid request.
    public enum Decision: Sendable, Hashable {
        /// Issue a code for the existing session.
        case issueCode(Browser)
        /// `prompt=none` without a usable session: answer `login_required`.
        case loginRequired
        /// Show the login form.
        case showLogin
    }

    /// The SSO session named by the identity cookie, when valid, active and its user enabled.
    public func browser(identityCookie: String?, realm: Realm, logger: Logger) async -> Browser? {
        guard let identityCookie, let claims = try? await keys.verify(identityCookie, realmID: realm.id, logger: logger),
              claims.typ == "Serialized-ID", claims.iss == issuer.issuer(for: realm),
              let sid = claims.sid.flatMap({ UUID(text: $0) }),
              let session = try? await stores.sessions.session(id: sid, logger: logger), session.isActive(realm.settings, now: Date()),
              let user = try? await stores.users.user(realmID: realm.id, id: session.userID, logger: logger), user.enabled,
              user.requiredActions.isEmpty
        else { return nil }
        return Browser(session: session, user: user)
    }

    /// Decides between SSO, `login_required` and the login form (`prompt`, `max_age`).
    public func decide(_ request: AuthorizationRequest, browser: Browser?, now: Date = Date()) -> Decision {
        if let browser, !request.prompt.contains("login") {
            let age = now.timeIntervalSince(browser.session.authTime)
            if request.maxAge.map({ age <= Double($0) }) ?? true { return .issueCode(browser) }
        }
        return request.prompt.contains("none") ? .loginRequired : .showLogin
    }

    /// The result of a login form submission.
    public enum LoginResult: Sendable, Hashable {
        /// Logged in.
        case success(Browser)
        /// Password right, but the user must complete a required action first.
        case requiredAction(RequiredAction, User)
        /// Wrong credentials, locked or disabled: the message to show.
        case failure(String)
    }

    /// Checks the login form and, on success, starts an SSO session.
    public func login(realm: Realm, request: AuthorizationRequest, username: String, password: String, ipAddress: String?, logger: Logger) async throws -> LoginResult {
        let user: User
        do {
            user = try await users.authenticate(login: username, password: password, realm: realm, clientID: request.client.clientID,
                                                ipAddress: ipAddress, logger: logger)
        } catch let failure as UserAuthenticator.Failure {
            return .failure(failure == .disabled ? "Account is disabled, contact your administrator." : "Invalid username or password.")
        }
        if let action = RequiredAction.next(for: user) { return .requiredAction(action, user) }
        return .success(try await startSession(realm: realm, user: user, request: request, ipAddress: ipAddress, logger: logger))
    }

    /// A message for the form.
    public struct PolicyMessage: Error, Sendable, Hashable {
        /// Shown to the user.
        public var text: String
    }

    func startSession(realm: Realm, user: User, request: AuthorizationRequest, ipAddress: String?, logger: Logger) async throws -> Browser {
        let now = Date()
        let session = SSOSession(realmID: realm.id, userID: user.id, authTime: now, lastRefresh: now)
        try await stores.sessions.create(session, ipAddress: ipAddress, logger: logger)
        await events.record(IdentityEvent(type: "LOGIN", realmID: realm.id, clientID: request.client.clientID, userID: user.id,
                                          sessionID: session.id, ipAddress: ipAddress, details: ["auth_method": "openid-connect"]), in: realm, logger: logger)
        return Browser(session: session, user: user)
    }

    /// Issues a single-use code and builds the success answer (RFC 6749 §4.1.2).
    public func issueCode(realm: Realm, request: AuthorizationRequest, browser: Browser, logger: Logger) async throws -> AuthorizationAnswer {
        let code = RandomToken.make(bytes: 32)
        let record = AuthorizationCode(sessionID: browser.session.id, clientID: request.client.id, redirectURI: request.redirectURI,
                                       scope: request.scope, nonce: request.nonce, codeChallenge: request.codeChallenge,
                                       codeChallengeMethod: request.codeChallengeMethod,
                                       expiresAt: Date().addingTimeInterval(Double(max(1, realm.settings.accessCodeLifespan))))
        try await stores.grants.saveCode(record, digest: RandomToken.digest(code), logger: logger)
        try await stores.sessions.touch(id: browser.session.id, at: Date(), logger: logger)
        var fields: [(String, String)] = []
        if let state = request.state { fields.append(("state", state)) }
        fields.append(("session_state", browser.session.id.lowercasedText))
        fields.append(("iss", issuer.issuer(for: realm)))
        fields.append(("code", code))
        return AuthorizationAnswer(redirectURI: request.redirectURI, mode: request.responseMode, parameters: fields)
    }

    /// The error answer for `prompt=none` without a session (OIDC Core §3.1.2.6).
    public func loginRequired(_ request: AuthorizationRequest) -> AuthorizationAnswer {
        errorAnswer(request, error: "login_required")
    }

    /// An error answer to the client's redirect URI, with its `state` (RFC 6749 §4.1.2.1).
    public func errorAnswer(_ request: AuthorizationRequest, error: String) -> AuthorizationAnswer {
        var fields = [("error", error)]
        if let state = request.state { fields.append(("state", state)) }
        return AuthorizationAnswer(redirectURI: request.redirectURI, mode: request.responseMode, parameters: fields)
    }

    /// The signed SSO cookie value for a session (Keycloak's `KEYCLOAK_IDENTITY`).
    public func identityCookie(realm: Realm, browser: Browser, logger: Logger) async throws -> String {
        var claims = TokenClaims(kind: .id, issuer: issuer.issuer(for: realm), clientID: "", issuedAt: Date(),
                                 lifespan: realm.settings.ssoSessionMaxLifespan)
        claims.typ = "Serialized-ID"
        claims.sub = browser.user.id.lowercasedText
        claims.sid = browser.session.id.lowercasedText
        return try await keys.signInternal(claims, realmID: realm.id, logger: logger)
    }
}
