import Logging
import Metrics
import NIOCore
import NIOHTTP1
import ServiceSupport
import Synchronization

/// The access log line and request metrics of requests answered by the direct path: the
/// same line ``AccessLogMiddleware`` writes and the same series Hummingbird's metrics
/// middleware feeds (`hb.requests`, `http.server.request.duration`,
/// `http.server.active_requests`), labelled with the gateway route.
final class DirectRequestLog: Sendable {
    private struct SeriesKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Series {
        let requests: Counter
        let duration: Timer
    }

    let logger: Logger
    private let series = Mutex<[SeriesKey: Series]>([:])
    /// In-flight requests of the two methods the direct path answers.
    private let activeGET: Meter
    private let activeHEAD: Meter

    init(logger: Logger) {
        self.logger = logger
        activeGET = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", "GET")])
        activeHEAD = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", "HEAD")])
    }

    /// A request began.
    func started(_ request: DirectRequest) {
        activeMeter(request.head.method).increment()
    }

    /// A request left the direct path unanswered (handed over, or the client went away).
    func abandoned(_ request: DirectRequest) {
        activeMeter(request.head.method).decrement()
    }

    /// A request ended with `status` after `bytes` body bytes (`nil` when it broke off).
    func finished(_ request: DirectRequest, status: Int, bytes: Int?) {
        let elapsed = ContinuousClock.now - request.start
        activeMeter(request.head.method).decrement()
        let key = SeriesKey(route: request.route.metricsLabel, method: request.head.method.rawValue, status: status)
        let metrics = series.withLock { series in
            if let known = series[key] { return known }
            let dimensions = [
                ("http.route", key.route), ("http.request.method", key.method), ("http.response.status_code", String(status)),
            ]
            let created = Series(
                requests: Counter(label: "hb.requests", dimensions: dimensions),
                duration: Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds))
            series[key] = created
            return created
        }
        metrics.requests.increment()
        metrics.duration.recordNanoseconds(TimeAmount(elapsed).nanoseconds)
        guard logger.logLevel <= .info else { return }
        var logger = self.logger
        logger[metadataKey: "request_id"] = .string(request.requestID)
        AccessLogLine.log(
            logger, level: .info, method: request.head.method.rawValue, path: String(request.head.uri.prefix { $0 != "?" }), status: status,
            bytes: bytes, elapsed: elapsed, fields: ["route": .string(request.route.name), "user": .string(request.user)])
    }

    private func activeMeter(_ method: HTTPMethod) -> Meter {
        method == .HEAD ? activeHEAD : activeGET
    }
}
