import Crypto
import Foundation
import Hummingbird
import Logging

/// A console's own OIDC code flow with PKCE (RFC 7636 S256) against this service: the start
/// redirect to the realm's authorization endpoint, and the callback that redeems the code
/// through the token flow in-process. `state`, the verifier and the page to return to travel
/// in a short-lived HttpOnly cookie.
struct ConsoleSignIn: Sendable {
    let flows: IdentityFlows
    let session: ConsoleSession

    /// How long a started sign-in may take.
    static let flowLifetime = 600

    private var flowCookie: String { session.cookieName + "_FLOW" }

    /// Redirects the browser to the realm's login.
    /// - Parameters:
    ///   - request: The request (its origin and `/auth` prefix build the redirect URI).
    ///   - realm: The sign-in realm.
    ///   - callbackPath: Path of the callback below the prefix, e.g. `/admin/console/callback`.
    ///   - returnTo: Absolute path to show after sign-in (checked to be local).
    func start(_ request: Request, realm: Realm, callbackPath: String, returnTo: String, secure: Bool) -> Response {
        let state = RandomToken.make(bytes: 16)
        let verifier = RandomToken.make(bytes: 32)
        let challenge = Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
        let query = LoginRoutes.encodeQuery([
            "client_id": session.clientID, "redirect_uri": ConsoleURL.origin(request) + ConsoleURL.prefix(request) + callbackPath,
            "response_type": "code", "scope": "openid", "state": state, "code_challenge": challenge, "code_challenge_method": "S256",
        ])
        let flow = Base64URL.encode(Array("\(state) \(verifier) \(ConsoleURL.localPath(returnTo) ?? "/")".utf8))
        var response = ConsoleURL.redirect("\(ConsoleURL.prefix(request))/realms/\(ConsoleURL.segment(realm.name))/protocol/openid-connect/auth?\(query)")
        response.setCookie(Cookie(name: flowCookie, value: flow, maxAge: Self.flowLifetime, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
        return response
    }

    /// What the callback produced.
    enum Outcome {
        /// Signed in: tokens and the page to go to.
        case signedIn(TokenResponse, returnTo: String)
        /// A problem to show.
        case failed(String)
    }

    /// Redeems the code of the callback (checking `state` against the flow cookie).
    func finish(_ request: Request, realm: Realm, callbackPath: String, logger: Logger) async -> Outcome {
        let query = (try? HTTPHelpers.query(request)) ?? [:]
        guard let flow = request.cookies[flowCookie]?.value, flow.utf8.count <= 4096, let bytes = Base64URL.decode(flow),
              let text = String(bytes: bytes, encoding: .utf8)
        else { return .failed("Your sign-in expired. Please start again.") }
        let parts = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3, let state = query["state"], constantTimeEquals(state, parts[0]) else {
            return .failed("Your sign-in expired. Please start again.")
        }
        if let error = query["error"] { return .failed("Sign-in failed: \(String(error.prefix(100)))") }
        guard let code = query["code"] else { return .failed("Sign-in failed: no code.") }
        let form = ["grant_type": "authorization_code", "code": code, "code_verifier": parts[1],
                    "redirect_uri": ConsoleURL.origin(request) + ConsoleURL.prefix(request) + callbackPath]
        do {
            let tokens = try await flows.token.token(realm: realm, credentials: ClientCredentials(clientID: session.clientID, secret: nil),
                                                     form: form, ipAddress: HTTPHelpers.clientAddress(request), logger: logger)
            return .signedIn(tokens, returnTo: ConsoleURL.localPath(parts[2]) ?? "/")
        } catch let error as IdentityError {
            return .failed("Sign-in failed: \(error.reason)")
        } catch {
            return .failed("Sign-in failed.")
        }
    }

    /// Expires the flow cookie.
    func clearFlow(secure: Bool, in response: inout Response) {
        response.setCookie(Cookie(name: flowCookie, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
    }
}
