@testable import TokenTestSupport
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import EdgeGateway

/// The gateway in front of real upstream servers: routing, bearer checks, forwarding headers.
@Suite struct GatewayProxyTests {
    @Test func pacsNeedsABearerToken() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run { client in
            try await client.execute(uri: "/pacs/dicom-web/studies", method: .get) { response throws in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="tessera""#)
                #expect(try response.errorCode() == "invalid_token")
            }
            try await client.execute(uri: "/pacs/dicom-web/studies", method: .get, headers: [.authorization: "Bearer not.a.token"]) { response throws in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
            }
        }
    }

    @Test(arguments: ["/%70acs/dicom-web/studies", "/auth/..%2fpacs/dicom-web/studies", "//pacs/dicom-web/studies", "/x/../pacs/dicom-web/studies"])
    func encodedPathsCannotBypassAuthentication(target: String) async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run { client in
            try await client.execute(uri: target, method: .get) { response throws in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func validTokenIsForwardedWithThePrefixStripped() async throws {
        let harness = try await GatewayHarness.make()
        let token = try await harness.token()
        try await harness.run { client in
            let headers: HTTPFields = [
                .authorization: "Bearer \(token)", .accept: "application/dicom+json", HTTPField.Name("X-User")!: "admin",
                HTTPField.Name("X-Forwarded-For")!: "10.9.9.9",
            ]
            try await client.execute(uri: "/%70acs/dicom-web/studies?PatientID=A%5EB", method: .get, headers: headers) { response throws in
                #expect(response.status == .ok)
                let echo = try response.echo()
                #expect(echo.target == "/dicom-web/studies?PatientID=A%5EB")
                #expect(echo.headers["authorization"] == "Bearer \(token)")
                #expect(echo.headers["x-user"] == "carol")
                #expect(echo.headers["x-forwarded-for"] == "127.0.0.1")
                #expect(echo.headers["x-real-ip"] == "127.0.0.1")
                #expect(echo.headers["x-forwarded-prefix"] == "/pacs")
                #expect(echo.headers["x-forwarded-proto"] == "http")
                #expect(echo.headers["x-request-id"]?.isEmpty == false)
                #expect(echo.headers["accept"] == "application/dicom+json")
                // The upstream's own hop-by-hop headers stop at the gateway too.
                #expect(response.headers[HTTPField.Name("X-Upstream-Hop")!] == nil)
            }
        }
    }

    @Test func tokensOfAnotherIssuerOrExpiredOnesAreRefused() async throws {
        let harness = try await GatewayHarness.make()
        let foreign = try await harness.token(issuer: "http://elsewhere/auth/realms/test")
        let expired = try await harness.token(expiresIn: -600)
        try await harness.run { client in
            for token in [foreign, expired] {
                try await client.execute(uri: "/pacs/dicom-web/studies", method: .get, headers: [.authorization: "Bearer \(token)"]) { response throws in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
                }
            }
        }
    }

    @Test func missingRoleIsForbidden() async throws {
        let harness = try await GatewayHarness.make()
        let reader = try await harness.token(roles: ["pacs-read"])
        let admin = try await harness.token(roles: ["pacs-read", "pacs-admin"])
        try await harness.run(environment: ["GATEWAY_PACS_REQUIRED_ROLES": "pacs-admin"]) { client in
            try await client.execute(uri: "/pacs/dicom-web/studies", method: .delete, headers: [.authorization: "Bearer \(reader)"]) { response throws in
                #expect(response.status == .forbidden)
                #expect(response.headers[.wwwAuthenticate]?.contains(#"error="insufficient_scope""#) == true)
            }
            try await client.execute(uri: "/pacs/dicom-web/studies", method: .delete, headers: [.authorization: "Bearer \(admin)"]) { response throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func introspectionModeAsksTheProvider() async throws {
        let harness = try await GatewayHarness.make()
        harness.provider.activate("opaque-1", claims: [
            "iss": GatewayHarness.issuer, "sub": "user-9", "username": "dave", "exp": Date().addingTimeInterval(300).timeIntervalSince1970,
        ])
        try await harness.run(environment: ["GATEWAY_AUTH_MODE": "introspection"]) { client in
            try await client.execute(uri: "/pacs/dicom-web/studies", method: .get, headers: [.authorization: "Bearer opaque-1"]) { response throws in
                #expect(response.status == .ok)
                #expect(try response.echo().headers["x-user"] == "dave")
            }
            try await client.execute(uri: "/pacs/dicom-web/studies", method: .get, headers: [.authorization: "Bearer opaque-2"]) { response throws in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(harness.provider.introspections == 2)
    }

    @Test func authIsAnOpenPassThroughKeepingItsPrefix() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run { client in
            try await client.execute(uri: "/auth/realms/test/account/", method: .get, headers: [.authorization: "Basic eDp5"]) { response throws in
                #expect(response.status == .ok)
                let echo = try response.echo()
                #expect(echo.replica == "identity")
                #expect(echo.target == "/auth/realms/test/account/")
                #expect(echo.headers["x-forwarded-prefix"] == nil)
            }
        }
    }

    @Test func bodiesStreamThroughAndLimitsAnswer413() async throws {
        let harness = try await GatewayHarness.make()
        let token = try await harness.token()
        try await harness.run(environment: ["GATEWAY_PACS_MAX_BODY": "1m"]) { client in
            let body = ByteBuffer(repeating: 0x2A, count: 900 * 1024)
            try await client.execute(uri: "/pacs/dicom-web/studies", method: .post, headers: [.authorization: "Bearer \(token)"], body: body) { response throws in
                #expect(response.status == .ok)
                #expect(try response.echo().bodyBytes == 900 * 1024)
            }
            let tooLarge = ByteBuffer(repeating: 0x2A, count: 1024 * 1024 + 1)
            try await client.execute(uri: "/pacs/dicom-web/studies", method: .post, headers: [.authorization: "Bearer \(token)"], body: tooLarge) { response throws in
                #expect(response.status == .contentTooLarge)
            }
            // A chunked upload without Content-Length is cut off at the limit too.
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/pacs/dicom-web/studies")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let chunks = (0..<40).map { _ in ByteBuffer(repeating: 0x2B, count: 64 * 1024) }
            request.body = .stream(chunks.async, length: .unknown)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .payloadTooLarge)
        }
    }

    @Test func idempotentRequestsFailOverToALiveReplica() async throws {
        let harness = try await GatewayHarness.make()
        let token = try await harness.token()
        try await harness.run(pacsReplicas: ["pacs-live"], deadPACSReplicas: ["http://127.0.0.1:1"]) { client in
            for _ in 0..<6 {
                try await client.execute(uri: "/pacs/dicom-web/studies", method: .get, headers: [.authorization: "Bearer \(token)"]) { response throws in
                    #expect(response.status == .ok)
                    #expect(try response.echo().replica == "pacs-live")
                }
            }
        }
    }

    @Test func requestsAreSpreadOverReplicas() async throws {
        let harness = try await GatewayHarness.make()
        let token = try await harness.token()
        try await harness.run(pacsReplicas: ["pacs-a", "pacs-b"]) { client in
            var seen: Set<String> = []
            for _ in 0..<4 {
                try await client.execute(uri: "/pacs/x", method: .get, headers: [.authorization: "Bearer \(token)"]) { response throws in
                    seen.insert(try response.echo().replica)
                }
            }
            #expect(seen == ["pacs-a", "pacs-b"])
        }
    }

    @Test func noReplicaAnswersWithAJSONBadGateway() async throws {
        let harness = try await GatewayHarness.make()
        let token = try await harness.token()
        try await harness.run(pacsReplicas: [], deadPACSReplicas: ["http://127.0.0.1:1"]) { client in
            try await client.execute(uri: "/pacs/x", method: .get, headers: [.authorization: "Bearer \(token)"]) { response throws in
                #expect(response.status == .badGateway)
                #expect(try response.errorCode() == "bad_gateway")
            }
        }
    }

    @Test func ambiguousFramingIsRefused() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run { client in
            try await client.execute(uri: "/auth/x", method: .get, headers: [HTTPField.Name("Host")!: "second.example"]) { response throws in
                #expect(response.status == .badRequest)
            }
        }
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
