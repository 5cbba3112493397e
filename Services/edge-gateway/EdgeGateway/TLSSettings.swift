import HummingbirdHTTP2

/// The optional TLS listener: certificate chain and key files (PEM), and a plain-HTTP port
/// that redirects to `PUBLIC_URL`.
public struct TLSSettings: Sendable, Equatable {
    /// PEM certificate chain, leaf first.
    public var certificateFile: String
    /// PEM private key.
    public var keyFile: String
    /// Port of the plain-HTTP listener that redirects to https, or `nil` for none.
    public var redirectPort: Int?

    /// The server configuration: HTTP/2 and HTTP/1.1 negotiated with ALPN.
    /// - Throws: When a file cannot be read or parsed.
    func serverConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
