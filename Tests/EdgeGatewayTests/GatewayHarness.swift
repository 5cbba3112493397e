@testable import TokenTestSupport
import AsyncHTTPClient
import EdgeGateway
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceSupport
import Testing
import TestSupport
import TokenSupport

/// A gateway in front of real upstreams: an OpenID Provider (which also echoes any other
/// `/auth` request), one or more echoing pacs replicas, and a signing key.
struct GatewayHarness: Sendable {
    static let publicURL = "http://gateway.test"
    static let issuer = publicURL + "/auth/realms/test"

    let provider: TestIssuer
    let key: TestSigningKey

    static func make() async throws -> GatewayHarness {
        let provider = TestIssuer(publicIssuer: issuer)
        let key = try await TestSigningKey.rsa(kid: "gateway-test")
        provider.publish(key)
        return GatewayHarness(provider: provider, key: key)
    }

    /// A signed access token for the test realm.
    func token(roles: [String] = ["pacs-read"], expiresIn: TimeInterval = 300, issuer: String = Self.issuer) async throws -> String {
        try await key.sign(AccessTokenClaims(
            issuer: issuer, subject: "user-42", expiration: Date().addingTimeInterval(expiresIn), issuedAt: Date(),
            authorizedParty: "ohif-viewer", type: "Bearer", preferredUsername: "carol", realmRoles: roles))
    }

    /// Runs `body` against a live gateway.
    /// - Parameters:
    ///   - environment: Extra gateway settings.
    ///   - pacsReplicas: Names of echoing pacs replicas to start.
    ///   - deadPACSReplicas: Unreachable pacs replica URLs put first in the list.
    func run(
        environment: [String: String] = [:], pacsReplicas: [String] = ["pacs-1"], deadPACSReplicas: [String] = [],
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let identityRouter = provider.router()
        identityRouter.add(middleware: EchoMiddleware(name: "identity"))
        try await withLocalServer(identityRouter) { identityPort in
            try await withEchoServers(pacsReplicas) { pacsPorts in
                var settings = [
                    "PUBLIC_URL": Self.publicURL, "GATEWAY_REALM": "test", "GATEWAY_IDENTITY_URLS": "http://127.0.0.1:\(identityPort)",
                    "GATEWAY_PACS_URLS": (deadPACSReplicas + pacsPorts.map { "http://127.0.0.1:\($0)" }).joined(separator: ","),
                    "GATEWAY_HEALTH_CHECK_INTERVAL": "0", "PACS_CLIENT_SECRET": provider.clientSecret,
                ]
                settings.merge(environment) { _, new in new }
                let config = ConfigValues(environment: settings)
                let configuration = try GatewayConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 0))
                let application = try await buildApplication(configuration, logger: .quiet("gateway"))
                try await application.test(.live) { client in try await body(client) }
            }
        }
    }
}

/// Starts an echoing server per name and passes their ports.
func withEchoServers<Result: Sendable>(_ names: [String], _ body: @Sendable ([Int]) async throws -> Result) async throws -> Result {
    guard let first = names.first else { return try await body([]) }
    return try await withLocalServer(EchoMiddleware.router(first)) { port in
        try await withEchoServers(Array(names.dropFirst())) { ports in try await body([port] + ports) }
    }
}

extension TestResponse {
    /// The body decoded as the echo upstream's report.
    func echo() throws -> Echo {
        try JSONDecoder().decode(Echo.self, from: Data(body.readableBytesView))
    }

    /// The JSON error code of a gateway error answer.
    func errorCode() throws -> String? {
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return object?["error"] as? String
    }
}
