import AsyncHTTPClient
import Logging
import NIOCore
import ServiceLifecycle

/// Probes every replica's `/readyz` at an interval and tells the pools (active health
/// checks); a replica that fails is skipped until it answers 200 again.
struct UpstreamHealthChecker: Service {
    let pools: [UpstreamPool]
    let client: HTTPClient
    let interval: Duration
    /// How long a probe may take before the replica counts as failing.
    let probeTimeout: Duration
    let logger: Logger

    init(pools: [UpstreamPool], client: HTTPClient, interval: Duration, probeTimeout: Duration = .seconds(2), logger: Logger) {
        self.pools = pools
        self.client = client
        self.interval = interval
        self.probeTimeout = probeTimeout
        self.logger = logger
    }

    /// Probes until graceful shutdown; being cancelled then is the normal way to stop,
    /// not an error (an error here would make the process exit non-zero on SIGTERM).
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await probeAll()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Probes each replica once, concurrently.
    func probeAll() async {
        await withTaskGroup(of: Void.self) { group in
            for pool in pools {
                for replica in pool.replicas {
                    group.addTask {
                        let up = await probe(replica.baseURL)
                        pool.recordProbe(replica, up: up)
                    }
                }
            }
        }
    }

    private func probe(_ baseURL: String) async -> Bool {
        do {
            let response = try await client.execute(HTTPClientRequest(url: baseURL + "/readyz"), timeout: TimeAmount(probeTimeout))
            _ = try await response.body.collect(upTo: 64 * 1024)
            return response.status == .ok
        } catch {
            return false
        }
    }
}

/// Shuts the upstream clients down after the server has stopped: the back-channel HTTP
/// client, and the proxy's idle keep-alive connections.
struct HTTPClientService: Service {
    let client: HTTPClient
    let proxy: ReverseProxy
    let direct: DirectProxy

    func run() async throws {
        try? await gracefulShutdown()
        proxy.shutdown()
        direct.shutdown()
        try await client.shutdown()
    }
}
