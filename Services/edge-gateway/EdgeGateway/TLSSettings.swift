import HummingbirdHTTP2
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The optional TLS listener: certificate chain and key files (PEM), and a plain-HTTP port
/// that redirects to `PUBLIC_URL`.
public struct TLSSettings: Sendable, Equatable {
    /// PEM certificate chain, leaf first.
    public var certificateFile: String
    /// PEM private key.
    public var keyFile: String
    /// Port of the plain-HTTP listener that redirects to https, or `nil` for none.
    public var redirectPort: Int?

    /// The server configuration: HTTP/2 and HTTP/1.1 negotiated with ALPN, certificate and
    /// key taken from `store` at every handshake (so a reload applies to new connections).
    func serverConfiguration(_ store: CertificateStore) -> TLSConfiguration {
        let (chain, key) = store.current
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: key)
        configuration.minimumTLSVersion = .tlsv12
        configuration.sslContextCallback = { _, promise in
            var override = NIOSSLContextConfigurationOverride()
            (override.certificateChain, override.privateKey) = store.current
            promise.succeed(override)
        }
        return configuration
    }
}

/// The certificate and key the TLS listener presents; ``reload()`` reads the files again.
final class CertificateStore: Sendable {
    let settings: TLSSettings
    private let pair: Mutex<([NIOSSLCertificateSource], NIOSSLPrivateKeySource)>

    /// Loads the files.
    /// - Throws: When a file cannot be read or parsed.
    init(_ settings: TLSSettings) throws {
        self.settings = settings
        pair = Mutex(try Self.load(settings))
    }

    /// The pair in use.
    var current: ([NIOSSLCertificateSource], NIOSSLPrivateKeySource) { pair.withLock { $0 } }

    /// Reads the files again; on failure the pair in use stays.
    func reload() throws {
        let fresh = try Self.load(settings)
        pair.withLock { $0 = fresh }
    }

    private static func load(_ settings: TLSSettings) throws -> ([NIOSSLCertificateSource], NIOSSLPrivateKeySource) {
        let chain = try NIOSSLCertificate.fromPEMFile(settings.certificateFile)
        guard !chain.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
        let key = try NIOSSLPrivateKey(file: settings.keyFile, format: .pem)
        return (chain.map { .certificate($0) }, .privateKey(key))
    }
}

/// Reloads the TLS certificate on SIGHUP (like `nginx -s reload` after a certificate renewal);
/// connections already open keep theirs.
struct CertificateReloader: Service {
    let store: CertificateStore
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            do {
                try store.reload()
                logger.notice("TLS certificate reloaded", metadata: ["file": "\(store.settings.certificateFile)"])
            } catch {
                logger.error("TLS certificate reload failed; keeping the current one", metadata: ["error": "\(error)"])
            }
        }
    }
}
