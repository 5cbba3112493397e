import AsyncHTTPClient
import ServiceLifecycle

/// Shuts the back-channel HTTP client down after the server has stopped.
struct HTTPClientShutdown: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
