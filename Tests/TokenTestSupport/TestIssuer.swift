import Crypto
import Foundation
import Hummingbird
import Synchronization
import TokenSupport

/// A real OpenID Provider for tests: discovery, JWKS, RFC 7662 introspection and a token
/// endpoint (authorization code with PKCE, refresh) served by an in-process HTTP server,
/// with keys, codes and token states the test changes as it goes.
final class TestIssuer: Sendable {
    struct State {
        var keys: [[String: String]] = []
        var extraKeys: [[String: String]] = []
        var activeTokens: [String: Data] = [:]
        var jwksFetches = 0
        var introspections = 0
        /// Authorization codes: the PKCE challenge and redirect URI they were issued for, and the answer.
        var codes: [String: (challenge: String, redirectURI: String, answer: Data)] = [:]
        /// Refresh tokens and their answer.
        var refreshTokens: [String: Data] = [:]
        var tokenRequests: [[String: String]] = []
    }

    let realmPath = "/realms/test"
    let state = Mutex(State())
    let clientID = "pacs"
    let clientSecret = "s3cr3t/with:odd chars"
    /// The issuer the discovery document names; `nil` means the URL it was fetched from.
    let publicIssuer: String?

    /// Creates a provider.
    /// - Parameter publicIssuer: The issuer to announce when it differs from the server's own URL
    ///   (as identity-service announces `${PUBLIC_URL}/auth/realms/…` behind the gateway).
    init(publicIssuer: String? = nil) {
        self.publicIssuer = publicIssuer
    }

    /// The issuer URL for a server on `port`.
    func issuer(port: Int) -> String { "http://127.0.0.1:\(port)\(realmPath)" }

    /// Publishes `key` in the JWKS.
    func publish(_ key: TestSigningKey) {
        state.withLock { $0.keys.append(key.publicJWK) }
    }

    /// Marks `token` active with the given introspection claims.
    func activate(_ token: String, claims: [String: Any]) {
        var answer = claims
        answer["active"] = true
        let data = Self.encode(answer)
        state.withLock { $0.activeTokens[token] = data }
    }

    /// Revokes `token`.
    func revoke(_ token: String) {
        state.withLock { $0.activeTokens[token] = nil }
    }

    /// Accepts `code` once, for a PKCE `challenge` and `redirectURI`, answering `answer` from the token endpoint.
    func issue(code: String, challenge: String, redirectURI: String, answer: [String: Any]) {
        let data = Self.encode(answer)
        state.withLock { $0.codes[code] = (challenge, redirectURI, data) }
    }

    /// Accepts `refreshToken` once, answering `answer`.
    func issue(refreshToken: String, answer: [String: Any]) {
        let data = Self.encode(answer)
        state.withLock { $0.refreshTokens[refreshToken] = data }
    }

    /// The forms the token endpoint received.
    var tokenRequests: [[String: String]] { state.withLock { $0.tokenRequests } }

    var jwksFetches: Int { state.withLock { $0.jwksFetches } }
    var introspections: Int { state.withLock { $0.introspections } }

    /// The provider's routes.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("\(realmPath)/.well-known/openid-configuration") { request, _ in
            let host = request.head.authority ?? "127.0.0.1"
            let issuer = self.publicIssuer ?? "http://\(host)\(self.realmPath)"
            return Self.json([
                "issuer": issuer,
                "jwks_uri": issuer + "/protocol/openid-connect/certs",
                "introspection_endpoint": issuer + "/protocol/openid-connect/token/introspect",
                "authorization_endpoint": issuer + "/protocol/openid-connect/auth",
                "token_endpoint": issuer + "/protocol/openid-connect/token",
                "end_session_endpoint": issuer + "/protocol/openid-connect/logout",
            ])
        }
        router.get("\(realmPath)/protocol/openid-connect/certs") { _, _ in
            let keys = self.state.withLock { state -> [[String: String]] in
                state.jwksFetches += 1
                return state.keys + state.extraKeys
            }
            return Self.json(["keys": keys])
        }
        router.post("\(realmPath)/protocol/openid-connect/token/introspect") { request, _ in
            let expected = "Basic " + Data((FormEncoding.escape(self.clientID) + ":" + FormEncoding.escape(self.clientSecret)).utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else {
                return Self.json(["error": "invalid_client"], status: .unauthorized)
            }
            let body = try await request.body.collect(upTo: 64 * 1024)
            let form = Dictionary(FormEncoding.decode(String(buffer: body)), uniquingKeysWith: { first, _ in first })
            let token = form["token"] ?? ""
            let answer = self.state.withLock { state -> Data? in
                state.introspections += 1
                return state.activeTokens[token]
            }
            guard let answer else { return Self.json(["active": false]) }
            return Self.json(data: answer)
        }
        router.post("\(realmPath)/protocol/openid-connect/token") { request, _ in
            let expected = "Basic " + Data((FormEncoding.escape(self.clientID) + ":" + FormEncoding.escape(self.clientSecret)).utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else {
                return Self.json(["error": "invalid_client"], status: .unauthorized)
            }
            let body = try await request.body.collect(upTo: 64 * 1024)
            let form = Dictionary(FormEncoding.decode(String(buffer: body)), uniquingKeysWith: { first, _ in first })
            let answer = self.state.withLock { state -> Data? in
                state.tokenRequests.append(form)
                switch form["grant_type"] {
                case "authorization_code":
                    guard let code = form["code"], let issued = state.codes.removeValue(forKey: code),
                          issued.redirectURI == form["redirect_uri"],
                          let verifier = form["code_verifier"],
                          Data(SHA256.hash(data: Data(verifier.utf8))).base64URL == issued.challenge
                    else { return nil }
                    return issued.answer
                case "refresh_token":
                    guard let token = form["refresh_token"] else { return nil }
                    return state.refreshTokens.removeValue(forKey: token)
                default:
                    return nil
                }
            }
            guard let answer else { return Self.json(["error": "invalid_grant"], status: .badRequest) }
            return Self.json(data: answer)
        }
        return router
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        json(data: encode(object), status: status)
    }

    static func json(data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
    }
}
