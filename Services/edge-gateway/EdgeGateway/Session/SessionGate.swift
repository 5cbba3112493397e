import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TokenSupport

/// Login sessions in front of `/pacs-admin` (what lua-resty-openidc's `authenticate` does):
/// an unauthenticated browser is sent through the authorization-code flow with PKCE, `state`
/// and `nonce` as the confidential client; the callback exchanges the code, verifies the ID
/// token and stores the tokens in a sealed cookie; access tokens are refreshed before they
/// expire; `…/logout` ends the session and performs RP-initiated logout.
///
/// The callback URL is always built from `PUBLIC_URL`, never from `Host` or
/// `X-Forwarded-*`, and the page returned to after login is the path the browser first
/// asked for on this gateway, so there is no open redirect.
struct SessionGate: Sendable {
    /// The verdict on one request.
    enum Outcome: Sendable {
        /// Forward upstream as `identity`, with `session`'s access token; add `setCookies` to the answer.
        case proceed(identity: VerifiedToken, session: LoginSession, setCookies: [String])
        /// Answer directly (redirect to login, callback, logout).
        case respond(Response)
    }

    static let sessionCookie = "tessera_admin_session"
    static let loginCookie = "tessera_admin_login"
    /// Access tokens this close to expiry are refreshed first.
    static let refreshMargin: TimeInterval = 30
    /// How long a started login may take.
    static let loginLifetime: TimeInterval = 600

    let sealer: SessionSealer
    let cookies: SessionCookies
    let tokenClient: OIDCTokenClient
    let idTokens: JWTVerifier
    let accessTokens: any TokenVerifier
    let metadata: IssuerMetadata
    let publicURL: String
    /// Public prefix of the protected route, e.g. `/pacs-admin`.
    let prefix: String
    let clientID: String
    let sessionLifetime: TimeInterval
    /// Where the provider sends the browser after logout.
    let postLogoutPath: String

    var callbackPath: String { prefix + "/callback" }
    var logoutPath: String { prefix + "/logout" }
    var redirectURI: String { publicURL + callbackPath }

    /// Decides what to do with a request to the protected route.
    func handle(_ request: Request, path: NormalizedPath, requirement: TokenRequirement, logger: Logger) async throws -> Outcome {
        let jar = SessionCookies.cookies(in: request.headers)
        if path.path == callbackPath { return .respond(try await callback(path: path, jar: jar, logger: logger)) }
        if path.path == logoutPath { return .respond(try await logout(jar: jar)) }
        let now = Date()
        var setCookies: [String] = []
        if var session = currentSession(jar, now: now) {
            if session.accessExpiresAt - Self.refreshMargin <= now.timeIntervalSince1970 {
                if let refreshed = await refresh(session, now: now, logger: logger) {
                    session = refreshed
                    setCookies = try store(session, jar: jar, now: now)
                } else {
                    return try await .respond(startLogin(request, path: path, jar: jar, now: now))
                }
            }
            do {
                let identity = try await accessTokens.verify(BearerToken(session.accessToken))
                try requirement.check(identity)
                return .proceed(identity: identity, session: session, setCookies: setCookies)
            } catch let error as TokenError where error.isInvalidToken {
                return try await .respond(startLogin(request, path: path, jar: jar, now: now))
            } catch let error as TokenError {
                throw GatewayError(error)
            }
        }
        return try await .respond(startLogin(request, path: path, jar: jar, now: now))
    }

    /// The valid session in the cookies, if any.
    func currentSession(_ jar: [String: String], now: Date) -> LoginSession? {
        guard let sealed = cookies.read(Self.sessionCookie, from: jar),
              let session = sealer.open(sealed, as: LoginSession.self, name: Self.sessionCookie),
              session.createdAt + sessionLifetime > now.timeIntervalSince1970
        else { return nil }
        return session
    }

    /// Browsers are redirected to the authorization endpoint (RFC 6749 §4.1.1 with RFC 7636
    /// S256 and an OIDC `nonce`); API clients get 401.
    func startLogin(_ request: Request, path: NormalizedPath, jar: [String: String], now: Date) async throws -> Response {
        guard Self.isBrowserNavigation(request) else {
            throw GatewayError(.invalidToken, "login required")
        }
        let endpoint: String
        do {
            guard let authorization = try await metadata.discovery().authorizationEndpoint else {
                throw GatewayError(.unavailable, "identity provider has no authorization endpoint")
            }
            endpoint = authorization
        } catch let error as TokenError {
            throw GatewayError(error)
        }
        let pending = PendingLogin(
            state: Base64URL.random(bytes: 24), nonce: Base64URL.random(bytes: 24), codeVerifier: PKCE.makeVerifier(),
            returnTo: Self.safeReturn(path.encodedTarget, fallback: prefix + "/"), startedAt: now.timeIntervalSince1970)
        let parameters = [
            ("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI), ("scope", "openid"),
            ("state", pending.state), ("nonce", pending.nonce),
            ("code_challenge", PKCE.challenge(for: pending.codeVerifier)), ("code_challenge_method", "S256"),
        ]
        var headers: HTTPFields = [
            .location: endpoint + (endpoint.contains("?") ? "&" : "?") + FormEncoding.encode(parameters), .cacheControl: "no-store",
        ]
        let sealed = try sealer.seal(pending, name: Self.loginCookie)
        for cookie in try cookies.set(
            Self.loginCookie, value: sealed, maxAge: Int(Self.loginLifetime), previousChunks: cookies.chunkCount(Self.loginCookie, in: jar))
        {
            headers.append(HTTPField(name: .setCookie, value: cookie))
        }
        return Response(status: .found, headers: headers)
    }

    /// RFC 6749 §4.1.2 callback: check `state`, exchange the code, verify the ID token, store the session.
    func callback(path: NormalizedPath, jar: [String: String], logger: Logger) async throws -> Response {
        let query = Dictionary(FormEncoding.decode(path.query ?? ""), uniquingKeysWith: { first, _ in first })
        let clearLogin = cookies.clear(Self.loginCookie, previousChunks: cookies.chunkCount(Self.loginCookie, in: jar))
        guard let sealed = cookies.read(Self.loginCookie, from: jar),
              let pending = sealer.open(sealed, as: PendingLogin.self, name: Self.loginCookie),
              pending.startedAt + Self.loginLifetime > Date().timeIntervalSince1970
        else {
            throw GatewayError(.badRequest, "no login in progress or it expired; start again")
        }
        guard let state = query["state"], ConstantTime.equal(state, pending.state) else {
            throw GatewayError(.badRequest, "login state does not match")
        }
        if let error = query["error"] {
            logger.notice("login refused by the identity provider", metadata: ["error": "\(error.prefix(64))"])
            throw GatewayError(.invalidToken, "login was not completed")
        }
        guard let code = query["code"], !code.isEmpty, code.utf8.count <= 4096 else { throw GatewayError(.badRequest, "authorization code missing") }
        let tokens = try await tokenClient.exchange(code: code, redirectURI: redirectURI, codeVerifier: pending.codeVerifier)
        guard let idToken = tokens.idToken else { throw GatewayError(.badGateway, "the identity provider sent no ID token") }
        let claims: AccessTokenClaims
        do {
            claims = try await idTokens.verifyIDToken(idToken, clientID: clientID, nonce: pending.nonce)
        } catch let error as TokenError {
            logger.warning("ID token refused", metadata: ["reason": "\(error)"])
            throw GatewayError(error.code == .issuerUnavailable ? .unavailable : .invalidToken, "the ID token is not valid")
        }
        let now = Date()
        let session = LoginSession(
            subject: claims.subject ?? "", username: claims.preferredUsername, accessToken: tokens.accessToken,
            accessExpiresAt: now.timeIntervalSince1970 + (tokens.expiresIn ?? 60), refreshToken: tokens.refreshToken, idToken: idToken,
            createdAt: now.timeIntervalSince1970)
        var headers: HTTPFields = [.location: Self.safeReturn(pending.returnTo, fallback: prefix + "/"), .cacheControl: "no-store"]
        for cookie in try store(session, jar: jar, now: now) + clearLogin { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .found, headers: headers)
    }

    /// Ends the session here and at the provider (OIDC RP-Initiated Logout §2).
    func logout(jar: [String: String]) async throws -> Response {
        let session = currentSession(jar, now: Date())
        var headers: HTTPFields = [.cacheControl: "no-store"]
        for cookie in cookies.clear(Self.sessionCookie, previousChunks: cookies.chunkCount(Self.sessionCookie, in: jar)) {
            headers.append(HTTPField(name: .setCookie, value: cookie))
        }
        var location = postLogoutPath
        if let endSession = try? await metadata.discovery().endSessionEndpoint {
            var parameters = [("client_id", clientID), ("post_logout_redirect_uri", publicURL + postLogoutPath)]
            if let idToken = session?.idToken { parameters.append(("id_token_hint", idToken)) }
            location = endSession + (endSession.contains("?") ? "&" : "?") + FormEncoding.encode(parameters)
        }
        headers[.location] = location
        return Response(status: .found, headers: headers)
    }

    /// The cookies that end this browser's session when it signs out at the identity provider
    /// through the gateway (RP-initiated logout at the realm's `end_session_endpoint`, as the
    /// viewer's "Logout" does), so signing out of the viewer signs out of `/pacs-admin` too.
    /// - Parameters:
    ///   - request: A request the gateway forwarded to identity-service.
    ///   - path: Its normalized path.
    ///   - status: identity-service's answer; a refused logout ends nothing.
    /// - Returns: `Set-Cookie` values, or none when this is not a logout. The browser does not
    ///   send the session cookie here (its path is the protected prefix), so the first cookie,
    ///   without which the session can't be read, is always expired.
    func cookiesEndedByProviderLogout(_ request: Request, path: NormalizedPath, status: HTTPResponse.Status) async -> [String] {
        guard status.code < 400,
              let endpoint = try? await metadata.discovery().endSessionEndpoint,
              let endpointPath = URL(string: endpoint)?.path, !endpointPath.isEmpty, path.path == endpointPath
        else { return [] }
        let jar = SessionCookies.cookies(in: request.headers)
        return cookies.clear(Self.sessionCookie, previousChunks: cookies.chunkCount(Self.sessionCookie, in: jar))
    }

    private func refresh(_ session: LoginSession, now: Date, logger: Logger) async -> LoginSession? {
        guard let refreshToken = session.refreshToken else { return nil }
        do {
            let tokens = try await tokenClient.refresh(refreshToken)
            var updated = session
            updated.accessToken = tokens.accessToken
            updated.accessExpiresAt = now.timeIntervalSince1970 + (tokens.expiresIn ?? 60)
            updated.refreshToken = tokens.refreshToken ?? refreshToken
            if let idToken = tokens.idToken { updated.idToken = idToken }
            return updated
        } catch {
            logger.info("session refresh failed; logging in again", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func store(_ session: LoginSession, jar: [String: String], now: Date) throws -> [String] {
        let remaining = Int(session.createdAt + sessionLifetime - now.timeIntervalSince1970)
        return try cookies.set(
            Self.sessionCookie, value: sealer.seal(session, name: Self.sessionCookie), maxAge: max(remaining, 0),
            previousChunks: cookies.chunkCount(Self.sessionCookie, in: jar))
    }

    /// Whether the request is a browser navigating (it can follow a login redirect).
    static func isBrowserNavigation(_ request: Request) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        if request.headers[HTTPField.Name("X-Requested-With")!] != nil { return false }
        return request.headers[values: .accept].contains { $0.contains("text/html") }
    }

    /// `target` when it is a same-origin absolute path, else `fallback`.
    static func safeReturn(_ target: String, fallback: String) -> String {
        guard target.hasPrefix("/"), !target.hasPrefix("//"), !target.hasPrefix("/\\"),
              !target.contains(where: { $0.isNewline || $0 == "\\" })
        else { return fallback }
        return target
    }
}
