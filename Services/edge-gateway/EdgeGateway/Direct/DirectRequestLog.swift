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
        activeMeter(request.head.method).decrement()
        record(request.head, route: request.route, requestID: request.requestID, user: request.user, since: request.start, status: status, bytes: bytes)
    }

    /// Counts, times and logs a request answered with `status` and `bytes` body bytes (`nil`
    /// when it broke off), received at `start`; `user` is the token's subject, if any.
    func record(
        _ head: HTTPRequestHead, route: GatewayRoute, requestID: String, user: String?, since start: ContinuousClock.Instant, status: Int, bytes: Int?
    ) {
        let elapsed = ContinuousClock.now - start
        let key = SeriesKey(route: route.metricsLabel, method: head.method.rawValue, status: status)
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
        logger[metadataKey: "request_id"] = .string(requestID)
        var fields: Logger.Metadata = ["route": .string(route.name)]
        if let user { fields["user"] = .string(user) }
        AccessLogLine.log(
            logger, level: .info, method: head.method.rawValue, path: String(head.uri.prefix { $0 != "?" }), status: status,
            bytes: bytes, elapsed: elapsed, fields: fields)
    }

    private func activeMeter(_ method: HTTPMethod) -> Meter {
        method == .HEAD ? activeHEAD : activeGET
    }
}
