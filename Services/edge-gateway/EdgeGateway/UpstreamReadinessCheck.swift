import AsyncHTTPClient
import ServiceSupport

/// Ready when at least one replica of an upstream answers its `/readyz` with 200.
struct UpstreamReadinessCheck: ReadinessCheck {
    let name: String
    let baseURLs: [String]
    let client: HTTPClient

    func check() async throws {
        var lastReason = "no replica configured"
        for base in baseURLs {
            do {
                let response = try await client.execute(HTTPClientRequest(url: base + "/readyz"), timeout: .seconds(2))
                if response.status == .ok { return }
                lastReason = "\(base) answered \(response.status.code)"
            } catch {
                lastReason = "\(base) unreachable"
            }
        }
        throw ReadinessFailure(lastReason)
    }
}
