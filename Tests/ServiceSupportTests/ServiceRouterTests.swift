import Foundation
import HTTPTypes
import Logging
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import ServiceSupport

@Suite struct ServiceRouterTests {
    struct Failing: ReadinessCheck {
        let name = "database"
        func check() async throws { throw ReadinessFailure("database unreachable") }
    }

    final class Hanging: ReadinessCheck {
        let name = "upstream"
        /// Set when the check gives up hanging (after 30 s).
        let finished = Mutex(false)
        func check() async throws {
            // Ignores cancellation on purpose: the probe must still answer in time.
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            finished.withLock { $0 = true }
        }
    }

    func makeApplication(checks: [any ReadinessCheck], timeout: Duration = .seconds(2), drain: ShutdownDrain = ShutdownDrain()) -> some ApplicationProtocol {
        let router = ServiceRouter.make(
            context: ServiceRequestContext.self, health: HealthRoutes(probe: ReadinessProbe(checks: checks, timeout: timeout), drain: drain))
        router.get("boom") { _, _ -> String in throw CancellationError() }
        router.get("teapot") { _, _ -> String in throw APIError(.badRequest, code: "invalid_request", reason: "no tea today") }
        return Application(router: router)
    }

    func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func healthzAnswersWithoutChecks() async throws {
        try await makeApplication(checks: [Failing()]).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try json(response.body)["status"] as? String == "ok")
            }
        }
    }

    @Test func readyzIs503WithReasonWhenACheckFails() async throws {
        try await makeApplication(checks: [Failing()]).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response throws in
                #expect(response.status == .serviceUnavailable)
                let body = try json(response.body)
                let checks = try #require(body["checks"] as? [String: [String: String]])
                #expect(checks["database"]?["status"] == "down")
                #expect(checks["database"]?["reason"] == "database unreachable")
            }
        }
    }

    @Test func readyzIs200WhenAllChecksPass() async throws {
        let ok = ClosureReadinessCheck(name: "database") {}
        try await makeApplication(checks: [ok]).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(try json(response.body)["status"] as? String == "ready")
            }
        }
    }

    @Test func whileDrainingReadyzIs503AndEveryAnswerClosesItsConnection() async throws {
        let drain = ShutdownDrain()
        let ok = ClosureReadinessCheck(name: "database") {}
        try await makeApplication(checks: [ok], drain: drain).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response throws in
                #expect(response.headers[.connection] == nil)
            }
            drain.begin()
            try await client.execute(uri: "/readyz", method: .get) { response throws in
                #expect(response.status == .serviceUnavailable)
                #expect(try json(response.body)["status"] as? String == "draining")
                #expect(response.headers[.connection] == "close")
            }
            for uri in ["/healthz", "/teapot"] {
                try await client.execute(uri: uri, method: .get) { response throws in
                    #expect(response.headers[.connection] == "close")
                }
            }
        }
    }

    @Test func aHangingCheckCannotHoldReadyzPastItsTimeout() async throws {
        let hanging = Hanging()
        try await makeApplication(checks: [hanging], timeout: .milliseconds(300)).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response throws in
                #expect(response.status == .serviceUnavailable)
            }
            // The answer came while the check was still hanging (no wall-clock bound that a
            // loaded machine could break).
            #expect(hanging.finished.withLock { !$0 })
        }
    }

    @Test func requestIDIsGeneratedOrEchoed() async throws {
        try await makeApplication(checks: []).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response throws in
                let id = try #require(response.headers[.xRequestID])
                #expect(id.count == 32)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.xRequestID: "abc-123"]) { response throws in
                #expect(response.headers[.xRequestID] == "abc-123")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.xRequestID: "bad id\u{7f}<script>"]) { response throws in
                #expect(response.headers[.xRequestID] != "bad id\u{7f}<script>")
                #expect(response.headers[.xRequestID]?.count == 32)
            }
        }
    }

    @Test func errorsBecomeJSONAnswers() async throws {
        try await makeApplication(checks: []).test(.router) { client in
            try await client.execute(uri: "/teapot", method: .get) { response throws in
                #expect(response.status == .badRequest)
                let body = try json(response.body)
                #expect(body["error"] as? String == "invalid_request")
                #expect(body["error_description"] as? String == "no tea today")
                #expect(response.headers[.xRequestID] != nil)
            }
            try await client.execute(uri: "/boom", method: .get) { response throws in
                #expect(response.status == .internalServerError)
                let body = try json(response.body)
                #expect(body["error"] as? String == "internal_error")
            }
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        try await makeApplication(checks: []).test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/teapot", method: .get) { _ in }
            }
            try await client.execute(uri: "/metrics", method: .get) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("hb_requests{") && $0.contains("/teapot") && $0.contains("\"400\"") })
                let count = try #require(Double(line.split(separator: " ").last ?? ""))
                #expect(count >= 3)
                #expect(text.contains("http_server_request_duration_bucket"))
                for name in ["process_resident_memory_bytes", "process_virtual_memory_bytes", "process_cpu_seconds_total", "process_open_fds",
                             "process_start_time_seconds"] {
                    #expect(text.contains("\n\(name) "), "\(name)")
                }
            }
        }
    }

    @Test func jsonLogHandlerWritesOneObjectPerLine() throws {
        var handler = LineLogHandler(label: "pacs-service", format: .json)
        handler[metadataKey: "request_id"] = "abc"
        let event = LogEvent(level: .warning, message: "slow \"query\"", metadata: ["rows": "12"], source: "test", file: #fileID, function: #function, line: #line)
        let line = handler.line(for: event)
        #expect(line.last == "\n")
        #expect(!line.dropLast().contains("\n"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["msg"] as? String == "slow \"query\"")
        #expect(object["logger"] as? String == "pacs-service")
        #expect(object["request_id"] as? String == "abc")
        #expect(object["rows"] as? String == "12")
        #expect(object["ts"] is String)
    }

    @Test func jsonLinesEscapeControlCharactersAndNestMetadata() throws {
        let handler = LineLogHandler(label: "edge-gateway", format: .json)
        let event = LogEvent(
            level: .info, message: "tab\there\u{1}\\ \u{e9}", metadata: ["b": ["x", "y"], "a": ["k": "v"], "msg": "replaced"],
            source: "test", file: #fileID, function: #function, line: #line)
        let line = handler.line(for: event)
        #expect(line.contains(#""msg":"replaced""#), "a metadata key named like a fixed one replaces it")
        #expect(line.contains(#""a":{"k":"v"},"b":["x","y"]"#), "metadata sorted by key, arrays and objects nested")
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        let plain = handler.line(for: LogEvent(level: .info, message: "tab\there\u{1}\\ \u{e9}", metadata: nil, source: "t", file: "", function: "", line: 0))
        let message = try #require(JSONSerialization.jsonObject(with: Data(plain.utf8)) as? [String: Any])["msg"] as? String
        #expect(message == "tab\there\u{1}\\ \u{e9}")
    }
}
