import Metrics
import Prometheus

/// The process's Prometheus registry, bootstrapped into swift-metrics once, so
/// Hummingbird's `MetricsMiddleware` (request counts and latency histograms by route,
/// method and status) and any service metric land in `/metrics`.
public final class MetricsRegistry: Sendable {
    /// The one registry of this process.
    public static let shared = MetricsRegistry()

    /// The underlying Prometheus registry.
    public let registry: PrometheusCollectorRegistry
    private let process: ProcessMetrics

    private init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (Self.sanitize(name), labels.map { (Self.sanitize($0.0), $0.1) })
        }
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
        process = ProcessMetrics(registry: registry)
    }

    /// The Prometheus text exposition of every metric, process figures refreshed first.
    public func render() -> [UInt8] {
        process.update()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }

    /// Prometheus names allow `[a-zA-Z0-9_:]`; everything else becomes `_`.
    static func sanitize(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { scalar in
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == ":")
            return allowed ? scalar : "_"
        }))
    }
}
