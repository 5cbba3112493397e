import HTTPTypes

/// Browser hardening headers the gateway adds to its answers when the upstream did not set
/// its own: `nosniff` everywhere; on HTML also framing limits, a referrer policy and a
/// Content-Security-Policy that the OHIF Viewer runs under (it needs `wasm-unsafe-eval`
/// for its codecs, blob workers and inline styles); HSTS when the public URL is https.
struct SecurityHeaders: Sendable {
    /// The default policy for HTML pages.
    static let defaultContentSecurityPolicy = [
        "default-src 'self'", "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
        "worker-src 'self' blob:", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self' data:",
        "connect-src 'self' blob: data:", "media-src 'self' blob:", "object-src 'none'", "base-uri 'self'",
        "frame-ancestors 'self'", "form-action 'self'",
    ].joined(separator: "; ")

    /// Whether to send `Strict-Transport-Security` (the stack is served over https).
    let strictTransportSecurity: Bool
    /// The CSP for HTML pages.
    let contentSecurityPolicy: String

    /// Whether a `Content-Type` value is `text/html` (any case, any parameters).
    static func isHTML(_ contentType: String) -> Bool {
        let expected = "text/html".utf8
        let value = contentType.utf8
        return value.count >= expected.count && zip(value, expected).allSatisfy { $0 | 0x20 == $1 }  // ASCII case folding; "/" is unchanged by it
    }

    /// Adds the headers that are missing from `fields`.
    func apply(to fields: inout some HeaderFieldList) {
        func setIfMissing(_ name: HTTPField.Name, _ value: String) {
            if fields[first: name] == nil { fields.append(name, value) }
        }
        setIfMissing(HTTPField.Name.Security.contentTypeOptions, "nosniff")
        if strictTransportSecurity { setIfMissing(HTTPField.Name.Security.strictTransportSecurity, "max-age=31536000") }
        guard let contentType = fields[first: .contentType], Self.isHTML(contentType) else { return }
        setIfMissing(HTTPField.Name.Security.frameOptions, "SAMEORIGIN")
        setIfMissing(HTTPField.Name.Security.referrerPolicy, "strict-origin-when-cross-origin")
        setIfMissing(HTTPField.Name.Security.contentSecurityPolicy, contentSecurityPolicy)
    }
}

extension HTTPField.Name {
    /// The security headers, under names of their own (Hummingbird declares some of them too).
    enum Security {
        static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
        static let frameOptions = HTTPField.Name("X-Frame-Options")!
        static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
        static let strictTransportSecurity = HTTPField.Name("Strict-Transport-Security")!
        static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    }
}
