import AsyncHTTPClient
import Foundation
import NIOCore

/// The HTTP probe behind the `healthcheck` subcommand.
public enum HealthcheckProbe {
    /// Result of one probe.
    public struct Status: Sendable {
        /// Whether `/readyz` answered 200.
        public var ready: Bool
        /// One line for the operator.
        public var message: String
    }

    /// Requests `http://host:port/readyz`; a wildcard bind address is probed on loopback.
    /// - Returns: ready when the answer is 200, with the body or the failure as message.
    public static func readiness(host: String, port: Int, timeout: Duration) async -> Status {
        let target = (host == "0.0.0.0" || host == "::" || host.isEmpty) ? "127.0.0.1" : host
        let hostPart = target.contains(":") ? "[\(target)]" : target
        let url = "http://\(hostPart):\(port)/readyz"
        do {
            let request = HTTPClientRequest(url: url)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let text = String(buffer: body)
            return Status(ready: response.status == .ok, message: "\(url): \(response.status.code) \(text)")
        } catch {
            return Status(ready: false, message: "\(url): no answer (\(error))")
        }
    }
}
