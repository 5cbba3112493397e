import NIOCore
import NIOSSL

/// TLS towards `https` replicas: the system's trust roots, hostname verification.
struct UpstreamTLS: Sendable {
    private let context: NIOSSLContext

    init() throws {
        context = try NIOSSLContext(configuration: .makeClientConfiguration())
    }

    /// A client handler for one connection (`serverHostname` `nil` for address literals).
    func handler(serverHostname: String?) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
    }
}
