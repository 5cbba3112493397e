import Foundation
import Hummingbird
import Logging

/// A browser console's sign-in state: the access and refresh tokens the console obtained
/// through its own code + PKCE flow, kept in HttpOnly, SameSite=Lax cookies (Secure over
/// https). The tokens are RS256-signed by the realm, so the cookies cannot be forged, and
/// every request re-validates them (live SSO session, enabled user, not revoked): signing
/// the user out anywhere signs the console out too. An expired access token is renewed
/// with the refresh token, so the realm's idle and maximum session lifespans apply.
struct ConsoleSession: Sendable {
    let flows: IdentityFlows
    /// The OAuth client the console signs in as.
    let clientID: String
    /// Cookie name of the access token; the refresh token uses this name + `_RT`.
    let cookieName: String

    /// Longest cookie value accepted.
    static let maximumCookie = 8192

    /// A signed-in browser.
    struct SignedIn: Sendable {
        /// The realm the user signed in to.
        var realm: Realm
        /// The validated access token, user and session.
        var token: TokenValidator.Valid
        /// The user.
        var user: User
        /// The SSO session.
        var session: SSOSession
        /// New tokens to store when they were renewed during this request.
        var renewed: TokenResponse?

        /// The admin permissions the token carries.
        var grants: AdminGrants {
            AdminGrants(tokenRealm: realm.name, realmRoles: Set(token.claims.realmAccess?.roles ?? []),
                        managementRoles: Set(token.claims.resourceAccess?[RealmProvisioner.managementClientID]?.roles ?? []))
        }
    }

    /// The signed-in browser, renewing an expired access token; nil when not signed in.
    /// - Parameter realmName: When set, the sign-in realm must be this one.
    func current(_ request: Request, realmName: String? = nil, logger: Logger) async -> SignedIn? {
        guard let access = cookie(request, cookieName), let issuerRealm = AdminAuthorizer.realmName(ofUnverified: access),
              realmName == nil || realmName == issuerRealm,
              let realm = try? await flows.stores.realms.realm(named: issuerRealm, logger: logger), realm.enabled
        else { return nil }
        if let valid = await validate(access, realm: realm, logger: logger) { return valid }
        guard let refresh = cookie(request, cookieName + "_RT"),
              let renewed = try? await flows.token.token(realm: realm, credentials: ClientCredentials(clientID: clientID, secret: nil),
                                                          form: ["grant_type": "refresh_token", "refresh_token": refresh],
                                                          ipAddress: HTTPHelpers.clientAddress(request), logger: logger),
              var valid = await validate(renewed.accessToken, realm: realm, logger: logger)
        else { return nil }
        valid.renewed = renewed
        return valid
    }

    private func validate(_ token: String, realm: Realm, logger: Logger) async -> SignedIn? {
        guard let valid = try? await flows.validator.validate(token, realm: realm, kinds: [TokenClaims.Kind.access.rawValue], logger: logger),
              valid.claims.azp == clientID, let user = valid.user, let session = valid.session
        else { return nil }
        return SignedIn(realm: realm, token: valid, user: user, session: session, renewed: nil)
    }

    private func cookie(_ request: Request, _ name: String) -> String? {
        guard let value = request.cookies[name]?.value, !value.isEmpty, value.utf8.count <= Self.maximumCookie else { return nil }
        return value
    }

    /// Stores tokens in the console's cookies.
    func store(_ tokens: TokenResponse, secure: Bool, in response: inout Response) {
        response.setCookie(Cookie(name: cookieName, value: tokens.accessToken, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
        if let refresh = tokens.refreshToken {
            response.setCookie(Cookie(name: cookieName + "_RT", value: refresh, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
        }
    }

    /// Expires the console's cookies.
    func clear(secure: Bool, in response: inout Response) {
        for name in [cookieName, cookieName + "_RT"] {
            response.setCookie(Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
        }
    }
}
