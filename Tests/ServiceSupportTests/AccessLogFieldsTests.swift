import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import ServiceSupport

/// What handlers record with ``AccessLogFields`` reaches the request's access log line.
@Suite struct AccessLogFieldsTests {
    /// Keeps every log event's message and metadata.
    final class Collected: Sendable {
        let events = Mutex<[(String, Logger.Metadata)]>([])
        var requests: [Logger.Metadata] { events.withLock { $0.filter { $0.0 == "request" }.map(\.1) } }
    }

    struct Collector: LogHandler {
        let collected: Collected
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            collected.events.withLock { $0.append(("\(event.message)", metadata.merging(event.metadata ?? [:]) { _, new in new })) }
        }
    }

    @Test func recordedFieldsAppearOnTheAccessLogLine() async throws {
        let collected = Collected()
        let logger = Logger(label: "test") { _ in Collector(collected: collected) }
        let router = ServiceRouter.make(context: ServiceRequestContext.self, health: HealthRoutes(probe: ReadinessProbe(checks: [], timeout: .seconds(1))))
        router.get("me") { _, _ -> String in
            AccessLogFields.record("user", "f3c1-sub")
            return "hello"
        }
        router.get("denied") { _, _ -> String in
            AccessLogFields.record("user", "other-sub")
            throw APIError(.forbidden, code: "forbidden", reason: "no")
        }
        try await Application(router: router, logger: logger).test(.router) { client in
            _ = try await client.execute(uri: "/me", method: .get)
            _ = try await client.execute(uri: "/denied", method: .get)
        }
        let lines = collected.requests
        #expect(lines.count == 2)
        #expect(lines.first?["user"] == "f3c1-sub")
        #expect(lines.first?["status"]?.description == "200")
        #expect(lines.first?["bytes"]?.description == "5")
        #expect(lines.last?["user"] == "other-sub")
        #expect(lines.last?["status"]?.description == "403")
        AccessLogFields.record("user", "outside any request")  // no holder: ignored
    }
}

/// The text handler writes swift-log's stream layout, rendering metadata only per line.
@Suite struct TextLogLineTests {
    @Test func linesLookLikeTheStreamHandlers() {
        var handler = LineLogHandler(label: "edge-gateway", format: .text)
        handler[metadataKey: "request_id"] = "abc"
        let event = LogEvent(level: .warning, message: "upstream request failed", metadata: ["upstream": "pacs-service"], source: "EdgeGateway",
                             file: #fileID, function: #function, line: #line)
        let line = handler.line(for: event)
        #expect(line.hasSuffix(" warning edge-gateway: request_id=abc upstream=pacs-service [EdgeGateway] upstream request failed\n"))
        #expect(line.prefix(4).allSatisfy { $0.isNumber })
    }
}
