@testable import TokenTestSupport
import Foundation
import HTTPTypes
import Hummingbird

/// A real upstream for proxy tests: answers every request with JSON describing what it
/// received — method, raw target, headers and the number of body bytes (counted while
/// streaming, never collected).
struct EchoMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let name: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var bytes = 0
        for try await chunk in request.body { bytes += chunk.readableBytes }
        var headers: [String: String] = [:]
        for field in request.headers {
            let key = field.name.canonicalName
            headers[key] = headers[key].map { $0 + ", " + field.value } ?? field.value
        }
        let object: [String: Any] = [
            "replica": name, "method": request.method.rawValue, "target": request.head.path ?? "", "headers": headers, "bodyBytes": bytes,
        ]
        let data = try JSONSerialization.data(withJSONObject: object)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .connection: "X-Upstream-Hop", HTTPField.Name("X-Upstream-Hop")!: "1"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A router that echoes everything.
    static func router(_ name: String) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: EchoMiddleware(name: name))
        return router
    }
}

/// What the echo upstream saw.
struct Echo: Decodable {
    var replica: String
    var method: String
    var target: String
    var headers: [String: String]
    var bodyBytes: Int
}
