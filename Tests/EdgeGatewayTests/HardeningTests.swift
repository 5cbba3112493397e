@testable import TokenTestSupport
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TestSupport
@testable import EdgeGateway

/// Rate limits, security headers and active health checks.
@Suite struct HardeningTests {
    @Test func tokenBucketsAllowABurstThenTheRate() {
        let limiter = RateLimiter(perSecond: 1, burst: 3)
        let start = ContinuousClock.now
        #expect((0..<3).allSatisfy { _ in limiter.allow("203.0.113.1", now: start) })
        #expect(!limiter.allow("203.0.113.1", now: start))
        #expect(limiter.allow("203.0.113.2", now: start))
        #expect(limiter.allow("203.0.113.1", now: start + .seconds(1)))
        #expect(!limiter.allow("203.0.113.1", now: start + .seconds(1)))
    }

    @Test func limiterMemoryIsBounded() {
        let limiter = RateLimiter(perSecond: 1, burst: 1, capacity: 4)
        let now = ContinuousClock.now
        for index in 0..<100 { _ = limiter.allow("client-\(index)", now: now) }
        #expect(limiter.allow("client-99", now: now) == false)
    }

    @Test func loginAndTokenEndpointsAreRateLimitedPerClient() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run(environment: ["GATEWAY_LOGIN_RATE": "0.001", "GATEWAY_LOGIN_BURST": "2"]) { client in
            // One token per 1,000 s: however slow the machine, the third request finds the bucket empty.
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                try await client.execute(uri: "/auth/realms/test/protocol/openid-connect/token", method: .post, body: ByteBuffer(string: "a=b")) { response in
                    statuses.append(response.status)
                }
            }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
            try await client.execute(uri: "/auth/realms/test/account", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func htmlGetsSecurityHeaders() async throws {
        let harness = try await GatewayHarness.make()
        try await harness.run { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[HTTPField.Name.Security.contentSecurityPolicy]?.contains("frame-ancestors 'self'") == true)
                #expect(response.headers[HTTPField.Name.Security.frameOptions] == "SAMEORIGIN")
                #expect(response.headers[HTTPField.Name.Security.contentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name.Security.referrerPolicy] == "strict-origin-when-cross-origin")
                #expect(response.headers[HTTPField.Name.Security.strictTransportSecurity] == nil)
            }
            try await client.execute(uri: "/app-config.js", method: .get) { response in
                #expect(response.headers[HTTPField.Name.Security.contentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name.Security.contentSecurityPolicy] == nil)
            }
        }
    }

    @Test func activeHealthChecksTakeFailingReplicasOutOfRotation() async throws {
        let failing = Router()
        failing.get("readyz") { _, _ in Response(status: .serviceUnavailable) }
        try await withLocalServer(failing) { failingPort in
            try await withEchoServers(["healthy"]) { ports in
                let pool = UpstreamPool(name: "pacs-service", baseURLs: ["http://127.0.0.1:\(failingPort)", "http://127.0.0.1:\(ports[0])"])
                let healthy = UpstreamPool.Replica(baseURL: "http://127.0.0.1:\(ports[0])")
                #expect(Set((0..<4).flatMap { _ in pool.candidates(limit: 1) }) == Set(pool.replicas))
                // A generous probe timeout: on a loaded test machine the healthy replica may take
                // longer than the default 2 s to answer, and would then count as failing too.
                let checker = UpstreamHealthChecker(
                    pools: [pool], client: .shared, interval: .seconds(60), probeTimeout: .seconds(30), logger: .quiet("health"))
                await checker.probeAll()
                #expect((0..<4).allSatisfy { _ in pool.candidates(limit: 2) == [healthy] })
            }
        }
    }

    @Test func passiveFailuresSkipAReplicaForTheFailTimeout() {
        let pool = UpstreamPool(name: "pacs-service", baseURLs: ["http://a", "http://b"], maximumFailures: 2, failTimeout: .seconds(3600))
        let (a, b) = (UpstreamPool.Replica(baseURL: "http://a"), UpstreamPool.Replica(baseURL: "http://b"))
        pool.recordFailure(a)
        #expect(Set((0..<4).flatMap { _ in pool.candidates(limit: 1) }) == [a, b])
        pool.recordFailure(a)
        #expect((0..<4).allSatisfy { _ in pool.candidates(limit: 2) == [b] })
        pool.recordSuccess(a)
        #expect(Set((0..<4).flatMap { _ in pool.candidates(limit: 1) }) == [a, b])
    }
}
