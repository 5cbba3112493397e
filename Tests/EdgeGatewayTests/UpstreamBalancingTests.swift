import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import EdgeGateway

/// Replica choice (round-robin, least connections), replica lists that change at run time
/// and host names that stand for several addresses.
@Suite struct UpstreamBalancingTests {
    let a = UpstreamPool.Replica(baseURL: "http://a")
    let b = UpstreamPool.Replica(baseURL: "http://b")
    let c = UpstreamPool.Replica(baseURL: "http://c")

    @Test func leastConnectionsPrefersTheIdlestReplica() {
        let pool = UpstreamPool(name: "pacs-service", baseURLs: ["http://a", "http://b", "http://c"], balancing: .leastConnections)
        let first = pool.lease(a)
        let second = pool.lease(a)
        let third = pool.lease(b)
        #expect((0..<6).allSatisfy { _ in pool.candidates(limit: 1) == [c] })
        #expect(pool.candidates(limit: 3).last == a)
        first.release()
        second.release()
        first.release()  // releasing twice counts once
        #expect(pool.inFlight(a) == 0)
        #expect(Set((0..<6).flatMap { _ in pool.candidates(limit: 1) }) == [a, c])
        _ = third
    }

    @Test func droppedLeasesEndTheirCount() {
        let pool = UpstreamPool(name: "pacs-service", baseURLs: ["http://a"], balancing: .leastConnections)
        do { _ = pool.lease(a) }
        #expect(pool.inFlight(a) == 0)
    }

    @Test func roundRobinTakesTurns() {
        let pool = UpstreamPool(name: "pacs-service", baseURLs: ["http://a", "http://b", "http://c"])
        #expect((0..<6).flatMap { _ in pool.candidates(limit: 1) } == [a, b, c, a, b, c])
    }

    @Test func replacingTheListKeepsWhatIsKnownAboutKeptReplicas() {
        let pool = UpstreamPool(name: "pacs-service", baseURLs: ["http://a", "http://b"], failTimeout: .seconds(3600))
        pool.recordFailure(a)
        pool.replace(with: [a, c, c])
        #expect(pool.replicas == [a, c])
        #expect((0..<4).allSatisfy { _ in pool.candidates(limit: 2) == [c] })
    }

    @Test func addressLiteralsAndHTTPSNamesStayAsConfigured() async throws {
        #expect(try await UpstreamResolver.expand("http://127.0.0.1:8042") == ["http://127.0.0.1:8042"])
        #expect(try await UpstreamResolver.expand("http://[::1]:8042") == ["http://[::1]:8042"])
        #expect(try await UpstreamResolver.expand("https://localhost:8042") == ["https://localhost:8042"])
    }

    @Test func aNameBecomesOneReplicaPerAddress() async throws {
        // `localhost` resolves through /etc/hosts to 127.0.0.1 (and ::1 where IPv6 is configured).
        let expanded = try await UpstreamResolver.expand("http://localhost:8042/base")
        #expect(expanded.contains("http://127.0.0.1:8042/base"))
        #expect(expanded.allSatisfy { $0 == "http://127.0.0.1:8042/base" || $0 == "http://[::1]:8042/base" })
        await #expect(throws: UpstreamResolver.ResolutionFailed.self) {
            try await UpstreamResolver.expand("http://no-such-host.invalid:8042")
        }
    }

    @Test func theGatewayBalancesOverTheAddressesOfAName() async throws {
        let harness = try await GatewayHarness.make()
        try await withEchoServers(["pacs-by-name"]) { ports in
            try await harness.run(environment: ["GATEWAY_PACS_URLS": "http://localhost:\(ports[0])"], pacsReplicas: []) { client in
                let token = try await harness.token()
                try await client.execute(uri: "/pacs/studies", method: .get, headers: [.authorization: "Bearer \(token)"]) { response throws in
                    #expect(response.status == .ok)
                    #expect(try response.echo().replica == "pacs-by-name")
                }
            }
        }
    }
}
