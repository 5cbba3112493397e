import Foundation

/// A realm's browser security headers: Keycloak's realm-representation map
/// `browserSecurityHeaders`, its keys and defaults (Keycloak's `BrowserSecurityHeaders`).
/// They go on every HTML page of the realm; an empty value means the header is not sent.
///
/// `xXSSProtection` is accepted for realm exports of Keycloak before 26, which sent
/// `X-XSS-Protection: 1; mode=block`; current Keycloak no longer sends it (browsers dropped
/// the XSS auditor), so its default here is empty.
public struct BrowserSecurityHeaders: Sendable, Hashable, Codable {
    /// One header: its representation key, HTTP name and Keycloak's default value.
    public struct Header: Sendable, Hashable {
        /// The key in `browserSecurityHeaders`, e.g. `xFrameOptions`.
        public var key: String
        /// The HTTP field name, e.g. `X-Frame-Options`.
        public var name: String
        /// Keycloak's default for new realms.
        public var defaultValue: String
    }

    /// Every header, in the order pages send them.
    public static let headers: [Header] = [
        Header(key: "contentSecurityPolicy", name: "Content-Security-Policy", defaultValue: "frame-src 'self'; frame-ancestors 'self'; object-src 'none';"),
        Header(key: "contentSecurityPolicyReportOnly", name: "Content-Security-Policy-Report-Only", defaultValue: ""),
        Header(key: "xFrameOptions", name: "X-Frame-Options", defaultValue: "SAMEORIGIN"),
        Header(key: "xContentTypeOptions", name: "X-Content-Type-Options", defaultValue: "nosniff"),
        Header(key: "xRobotsTag", name: "X-Robots-Tag", defaultValue: "none"),
        Header(key: "xXSSProtection", name: "X-XSS-Protection", defaultValue: ""),
        Header(key: "strictTransportSecurity", name: "Strict-Transport-Security", defaultValue: "max-age=31536000; includeSubDomains"),
        Header(key: "referrerPolicy", name: "Referrer-Policy", defaultValue: "no-referrer"),
    ]

    /// Longest accepted value (a generous Content-Security-Policy fits).
    public static let maximumLength = 4096

    /// Values by key; every key of ``headers`` is present.
    public private(set) var values: [String: String]

    /// Keycloak's defaults.
    public init() {
        values = Dictionary(uniqueKeysWithValues: Self.headers.map { ($0.key, $0.defaultValue) })
    }

    /// The value of a key (`""` when the header is off); nil for an unknown key.
    public subscript(key: String) -> String? {
        get { values[key] }
        set {
            guard values[key] != nil else { return }
            values[key] = newValue ?? ""
        }
    }

    /// The fields to send: HTTP name and value of every header with a non-empty value.
    public var fields: [(name: String, value: String)] {
        Self.headers.compactMap { header in
            let value = values[header.key] ?? ""
            return value.isEmpty ? nil : (header.name, value)
        }
    }

    /// Applies the keys present in `partial` (Keycloak's update: keys omitted stay as they are;
    /// unknown keys are ignored, as Keycloak stores but never sends them).
    /// - Throws: ``IdentityError`` `.invalidRequest` when a known key's value is not a string.
    public mutating func merge(_ partial: [String: Any]) throws {
        for header in Self.headers {
            guard let value = partial[header.key], !(value is NSNull) else { continue }
            guard let text = value as? String else {
                throw IdentityError(.invalidRequest, "browserSecurityHeaders.\(header.key) must be a string")
            }
            values[header.key] = text
        }
    }

    /// Checks every value can be sent as an HTTP field value: printable ASCII (space to `~`),
    /// no line breaks or control characters, at most ``maximumLength`` characters.
    /// - Throws: ``IdentityError`` `.invalidRequest` naming the first bad header.
    public func validate() throws {
        for header in Self.headers {
            if let problem = Self.problem(with: values[header.key] ?? "") {
                throw IdentityError(.invalidRequest, "Invalid browser security header \(header.key) (\(header.name)): \(problem)")
            }
        }
    }

    /// Why `value` can't be a header value, or nil when it can.
    public static func problem(with value: String) -> String? {
        if value.utf8.count > maximumLength { return "longer than \(maximumLength) characters" }
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) { return "line breaks are not allowed" }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7E }) {
            return "only visible ASCII characters and spaces are allowed"
        }
        return nil
    }

    /// Decodes Keycloak's map; missing keys keep their defaults, unknown keys are ignored.
    public init(from decoder: any Decoder) throws {
        self.init()
        let map = try decoder.singleValueContainer().decode([String: String?].self)
        for header in Self.headers {
            if case .some(.some(let value)) = map[header.key] { values[header.key] = value }
        }
    }

    /// Encodes Keycloak's map with every key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
