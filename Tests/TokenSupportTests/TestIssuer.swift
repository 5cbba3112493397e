import Foundation
import Hummingbird
import Synchronization
@testable import TokenSupport

/// A real OpenID Provider for tests: discovery, JWKS and RFC 7662 introspection served by
/// an in-process HTTP server, with keys and token states the test changes as it goes.
final class TestIssuer: Sendable {
    struct State {
        var keys: [[String: String]] = []
        var extraKeys: [[String: String]] = []
        var activeTokens: [String: Data] = [:]
        var jwksFetches = 0
        var introspections = 0
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
