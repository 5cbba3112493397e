import Foundation
import Hummingbird

/// `GET /healthz` (alive), `GET /readyz` (dependencies answer, and not draining for
/// shutdown) and `GET /metrics` (Prometheus text), the same on every service.
public struct HealthRoutes: Sendable {
    /// The dependencies `/readyz` checks.
    public let probe: ReadinessProbe
    /// Where `/metrics` reads from.
    public let metrics: MetricsRegistry
    /// The shutdown drain: `/readyz` answers 503 while it runs.
    public let drain: ShutdownDrain

    /// Creates the routes.
    public init(probe: ReadinessProbe, metrics: MetricsRegistry = .shared, drain: ShutdownDrain = .shared) {
        self.probe = probe
        self.metrics = metrics
        self.drain = drain
    }

    /// Adds the three routes to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("healthz") { _, _ in
            Self.json(.ok, ["status": "ok"])
        }
        router.get("readyz") { _, _ in
            if drain.isDraining { return Self.json(.serviceUnavailable, ["status": "draining", "checks": [String: Any]()]) }
            let outcomes = await probe.run()
            var checks: [String: Any] = [:]
            for (name, outcome) in outcomes {
                switch outcome {
                case .up: checks[name] = ["status": "up"]
                case .down(let reason): checks[name] = ["status": "down", "reason": reason]
                }
            }
            let ready = outcomes.values.allSatisfy { $0 == .up }
            return Self.json(ready ? .ok : .serviceUnavailable, ["status": ready ? "ready" : "unavailable", "checks": checks])
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render()))
            )
        }
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
