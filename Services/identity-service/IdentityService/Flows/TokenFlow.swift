import Foundation
import Logging

/// The token endpoint's decisions (RFC 6749 §4–6): one method per grant type.
public struct TokenFlow: Sendable {
    let stores: IdentityStores
    let issuer: TokenIssuer
    let keys: SigningKeyRing
    let clientAuthenticator: ClientAuthenticator
    let userAuthenticator: UserAuthenticator
    let events: EventRecorder

    /// Creates the flow.
    public init(stores: IdentityStores, issuer: TokenIssuer, keys: SigningKeyRing, events: EventRecorder) {
        self.stores = stores
        self.issuer = issuer
        self.keys = keys
        self.events = events
        self.clientAuthenticator = ClientAuthenticator(clients: stores.clients, cache: stores.cache)
        self.userAuthenticator = UserAuthenticator(users: stores.users, failures: stores.loginFailures, events: events)
    }

    /// Handles one token request.
    /// - Parameters:
    ///   - realm: The realm.
    ///   - credentials: The client's credentials.
    ///   - form: The form parameters.
    ///   - ipAddress: Caller address.
    ///   - logger: Logger.
    /// - Returns: The token response.
    /// - Throws: ``IdentityError`` with the RFC 6749 §5.2 code.
    public func token(realm: Realm, credentials: ClientCredentials, form: [String: String], ipAddress: String?, logger: Logger) async throws -> TokenResponse {
        guard let grantType = form["grant_type"], !grantType.isEmpty else {
            throw IdentityError(.invalidRequest, "Missing form parameter: grant_type")
        }
        let client = try await clientAuthenticator.authenticate(credentials, realm: realm, logger: logger)
        switch grantType {
        case "password": return try await password(realm: realm, client: client, form: form, ipAddress: ipAddress, logger: logger)
        case "client_credentials": return try await clientCredentials(realm: realm, client: client, form: form, ipAddress: ipAddress, logger: logger)
        case "refresh_token": return try await refresh(realm: realm, client: client, form: form, ipAddress: ipAddress, logger: logger)
        case "authorization_code": return try await code(realm: realm, client: client, form: form, ipAddress: ipAddress, logger: logger)
        default: throw IdentityError(.unsupportedGrantType, "Unsupported grant_type")
        }
    }

    /// RFC 6749 §4.3: resource owner password credentials, for clients with direct access grants.
    func password(realm: Realm, client: Client, form: [String: String], ipAddress: String?, logger: Logger) async throws -> TokenResponse {
        guard client.directAccessGrantsEnabled else {
            throw IdentityError(.unauthorizedClient, "Client not allowed for direct access grants")
        }
        let scope = try Scope.grant(form["scope"])
        let user: User
        do {
            user = try await userAuthenticator.authenticate(login: form["username"] ?? "", password: form["password"] ?? "",
                                                            realm: realm, clientID: client.clientID, ipAddress: ipAddress, logger: logger)
        } catch let failure as UserAuthenticator.Failure {
            if failure == .disabled { throw IdentityError(.invalidGrant, "Account disabled") }
            throw IdentityError(.invalidUserCredentials, "Invalid user credentials")
        }
        guard user.requiredActions.isEmpty else { throw IdentityError(.invalidGrant, "Account is not fully set up") }
        let now = Date()
        let session = SSOSession(realmID: realm.id, userID: user.id, authTime: now, lastRefresh: now)
        try await stores.sessions.create(session, ipAddress: ipAddress, logger: logger)
        try await stores.sessions.addClient(client.id, to: session.id, logger: logger)
        var subject = TokenIssuer.Subject(realm: realm, client: client, user: user, session: session, scope: scope)
        subject.refreshSession = try await offlineSession(for: subject, ipAddress: ipAddress, logger: logger)
        let response = try await issuer.issue(subject, withRefreshToken: true, logger: logger)
        await events.record(IdentityEvent(type: "LOGIN", realmID: realm.id, clientID: client.clientID, userID: user.id,
                                          sessionID: session.id, ipAddress: ipAddress, details: ["grant_type": "password"]), in: realm, logger: logger)
        return response
    }

    /// RFC 6749 §4.4: client credentials, for confidential clients with a service account.
    func clientCredentials(realm: Realm, client: Client, form: [String: String], ipAddress: String?, logger: Logger) async throws -> TokenResponse {
        guard client.isConfidential, client.serviceAccountsEnabled else {
            throw IdentityError(.unauthorizedClient, "Client not enabled to retrieve service account")
        }
        let scope = try Scope.grant(form["scope"])
        let user = try await ServiceAccounts(users: stores.users, roles: stores.roles, cache: stores.cache).user(for: client, realm: realm, logger: logger)
        guard user.enabled else { throw IdentityError(.invalidGrant, "User disabled") }
        let response = try await issuer.issue(.init(realm: realm, client: client, user: user, session: nil, scope: scope),
                                              withRefreshToken: false, logger: logger)
        await events.record(IdentityEvent(type: "CLIENT_LOGIN", realmID: realm.id, clientID: client.clientID, userID: user.id,
                                          ipAddress: ipAddress), in: realm, logger: logger)
        return response
    }

    /// RFC 6749 §6: refresh, with rotation and reuse detection when the realm sets `revokeRefreshToken`.
    /// The token's checks and its writes (mark used, touch the session, store the replacement)
    /// are one statement (``GrantStore/redeemRefreshToken(_:logger:)``).
    func refresh(realm: Realm, client: Client, form: [String: String], ipAddress: String?, logger: Logger) async throws -> TokenResponse {
        guard let token = form["refresh_token"], !token.isEmpty else {
            throw IdentityError(.invalidRequest, "Missing parameter: refresh_token")
        }
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, realmID: realm.id, logger: logger)
        } catch {
            throw IdentityError(.invalidGrant, "Invalid refresh token")
        }
        guard TokenClaims.Kind.refreshTypes.contains(claims.typ), claims.iss == issuer.issuer(for: realm),
              let jti = UUID(text: claims.jti), let sessionID = claims.sid.flatMap({ UUID(text: $0) }),
              let userID = claims.sub.flatMap({ UUID(text: $0) }) else {
            throw IdentityError(.invalidGrant, "Invalid refresh token")
        }
        guard claims.azp == client.clientID else {
            throw IdentityError(.invalidGrant, "Invalid refresh token. Token client and authorized client don't match")
        }
        guard let user = try await stores.cachedUser(realmID: realm.id, id: userID, logger: logger) else {
            throw IdentityError(.invalidGrant, "Invalid refresh token")
        }
        guard user.enabled else { throw IdentityError(.invalidGrant, "User disabled") }
        let request = RefreshRequest(tokenID: jti, clientID: client.id, sessionID: sessionID, userID: userID,
                                     offline: claims.typ == TokenClaims.Kind.offline.rawValue, settings: realm.settings, now: Date())
        switch try await stores.grants.redeemRefreshToken(request, logger: logger) {
        case .invalid:
            throw IdentityError(.invalidGrant, "Invalid refresh token")
        case .sessionInactive:
            throw IdentityError(.invalidGrant, "Session not active")
        case .reused(let session):
            try await stores.grants.revokeRefreshTokens(sessionID: session.id, clientID: client.id, logger: logger)
            await events.record(IdentityEvent(type: "REFRESH_TOKEN_ERROR", realmID: realm.id, clientID: client.clientID,
                                              userID: session.userID, sessionID: session.id, ipAddress: ipAddress,
                                              error: "invalid_token"), in: realm, logger: logger)
            throw IdentityError(.invalidGrant, "Maximum allowed refresh token reuse exceeded")
        case .redeemed(var session, let replacement):
            session.lastRefresh = max(session.lastRefresh, request.now)
            var subject = TokenIssuer.Subject(realm: realm, client: client, user: user, session: session, scope: replacement.scope)
            subject.storedRefreshToken = replacement
            let response = try await issuer.issue(subject, withRefreshToken: true, now: request.now, logger: logger)
            await events.record(IdentityEvent(type: "REFRESH_TOKEN", realmID: realm.id, clientID: client.clientID, userID: user.id,
                                              sessionID: session.id, ipAddress: ipAddress), in: realm, logger: logger)
            return response
        }
    }

    /// RFC 6749 §4.1.3 with RFC 7636 §4.6: exchange a single-use code.
    func code(realm: Realm, client: Client, form: [String: String], ipAddress: String?, logger: Logger) async throws -> TokenResponse {
        guard let code = form["code"], !code.isEmpty, code.utf8.count <= 256 else {
            throw IdentityError(.invalidRequest, "Missing parameter: code")
        }
        let redemption = try await stores.grants.redeemCode(digest: RandomToken.digest(code), logger: logger)
        let record: AuthorizationCode
        switch redemption {
        case .unknown:
            throw IdentityError(.invalidGrant, "Code not valid")
        case .reused(let used):
            try await stores.sessions.delete(id: used.sessionID, logger: logger)
            await events.record(IdentityEvent(type: "CODE_TO_TOKEN_ERROR", realmID: realm.id, clientID: client.clientID,
                                              sessionID: used.sessionID, ipAddress: ipAddress, error: "invalid_code"), in: realm, logger: logger)
            throw IdentityError(.invalidGrant, "Code not valid")
        case .redeemed(let redeemed):
            record = redeemed
        }
        guard record.clientID == client.id else { throw IdentityError(.invalidGrant, "Auth error") }
        guard record.expiresAt > Date() else { throw IdentityError(.invalidGrant, "Code is expired") }
        guard form["redirect_uri"] == record.redirectURI else { throw IdentityError(.invalidGrant, "Incorrect redirect_uri") }
        if let challenge = record.codeChallenge {
            guard let verifier = form["code_verifier"] else { throw IdentityError(.invalidGrant, "PKCE code verifier not specified") }
            guard PKCE.verifies(verifier, challenge: challenge) else {
                throw IdentityError(.invalidGrant, "PKCE verification failed: Code mismatch")
            }
        } else if form["code_verifier"] != nil {
            throw IdentityError(.invalidGrant, "PKCE code verifier specified but challenge not present in authorization")
        }
        let now = Date()
        guard let session = try await stores.sessions.session(id: record.sessionID, logger: logger), session.isActive(realm.settings, now: now),
              let user = try await stores.users.user(realmID: realm.id, id: session.userID, logger: logger), user.enabled
        else { throw IdentityError(.invalidGrant, "Session not active") }
        try await stores.sessions.addClient(client.id, to: session.id, logger: logger)
        var subject = TokenIssuer.Subject(realm: realm, client: client, user: user, session: session, scope: record.scope, nonce: record.nonce)
        subject.refreshSession = try await offlineSession(for: subject, ipAddress: ipAddress, logger: logger)
        let response = try await issuer.issue(subject, withRefreshToken: true, logger: logger)
        await events.record(IdentityEvent(type: "CODE_TO_TOKEN", realmID: realm.id, clientID: client.clientID, userID: user.id,
                                          sessionID: session.id, ipAddress: ipAddress), in: realm, logger: logger)
        return response
    }

    /// For scope `offline_access` (from an online session): creates the offline session its
    /// `Offline` refresh token belongs to; it survives the SSO session's logout.
    /// - Returns: nil when no offline token was asked for.
    /// - Throws: ``IdentityError`` `.notAllowed` when the token may not carry the `offline_access` role.
    func offlineSession(for subject: TokenIssuer.Subject, ipAddress: String?, logger: Logger) async throws -> SSOSession? {
        guard Scope.includesOfflineAccess(subject.scope), let session = subject.session, !session.offline else { return nil }
        guard try await issuer.effectiveRoles(subject, logger: logger).realm.contains(RealmProvisioner.offlineAccessRole) else {
            throw IdentityError(.notAllowed, "Offline tokens not allowed for the user or client")
        }
        let offline = SSOSession(realmID: session.realmID, userID: session.userID, authTime: session.authTime, lastRefresh: Date(), offline: true)
        try await stores.sessions.create(offline, ipAddress: ipAddress, logger: logger)
        try await stores.sessions.addClient(subject.client.id, to: offline.id, logger: logger)
        return offline
    }
}
