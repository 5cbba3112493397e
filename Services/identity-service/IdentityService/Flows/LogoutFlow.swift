import Foundation
import Logging

/// OpenID Connect RP-Initiated Logout 1.0: `id_token_hint`, registered
/// `post_logout_redirect_uri` and `state`, or a confirmation page without a hint.
public struct LogoutFlow: Sendable {
    let stores: IdentityStores
    let keys: SigningKeyRing
    let issuer: TokenIssuer
    let events: EventRecorder

    /// Creates the flow.
    public init(stores: IdentityStores, keys: SigningKeyRing, issuer: TokenIssuer, events: EventRecorder) {
        self.stores = stores
        self.keys = keys
        self.issuer = issuer
        self.events = events
    }

    /// A checked logout request.
    public struct Request: Sendable, Hashable {
        /// The session named by a valid `id_token_hint`, nil without a hint.
        public var sessionID: UUID?
        /// Whether a valid hint was given.
        public var hinted: Bool
        /// Where to go afterwards (registered for the client), with `state` appended.
        public var redirect: String?
    }

    /// Validates the parameters.
    /// - Returns: The request, or a message for the error page (never a redirect to an unregistered URI).
    public func check(realm: Realm, parameters: [String: String], logger: Logger) async throws -> Result<Request, AuthorizationFlow.PolicyMessage> {
        var clientID = parameters["client_id"]
        var sessionID: UUID?
        var hinted = false
        if let hint = parameters["id_token_hint"] {
            guard let claims = try? await keys.verify(hint, realmID: realm.id, allowExpired: true, logger: logger),
                  claims.typ == TokenClaims.Kind.id.rawValue, claims.iss == issuer.issuer(for: realm)
            else { return .failure(.init(text: "Invalid parameter: id_token_hint")) }
            if let clientID, clientID != claims.azp { return .failure(.init(text: "Parameter client_id different than the client of id_token_hint")) }
            clientID = claims.azp
            sessionID = claims.sid.flatMap({ UUID(text: $0) })
            hinted = true
        }
        var redirect: String?
        if let uri = parameters["post_logout_redirect_uri"] {
            guard let clientID, let client = try await stores.clients.client(realmID: realm.id, clientID: clientID, logger: logger), client.enabled,
                  RedirectURIMatcher(registered: client.postLogoutRedirectURIs, rootURL: client.rootURL).allows(uri)
            else { return .failure(.init(text: "Invalid redirect uri")) }
            redirect = uri
            if let state = parameters["state"], state.utf8.count <= 4096 {
                redirect = AuthorizationAnswer(redirectURI: uri, mode: .query, parameters: [("state", state)]).location
            }
        }
        return .success(Request(sessionID: sessionID, hinted: hinted, redirect: redirect))
    }

    /// Ends a session (no error when it is already gone).
    public func end(realm: Realm, sessionID: UUID?, ipAddress: String?, logger: Logger) async throws {
        guard let sessionID, let session = try await stores.sessions.session(id: sessionID, logger: logger), session.realmID == realm.id else { return }
        try await stores.sessions.delete(id: sessionID, logger: logger)
        await events.record(IdentityEvent(type: "LOGOUT", realmID: realm.id, userID: session.userID, sessionID: sessionID,
                                          ipAddress: ipAddress), in: realm, logger: logger)
    }
}
