import Foundation
import HTTPTypes
import Hummingbird

/// The absolute URL of the service's root as the client that asked sees it.
///
/// Behind the gateway, `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Prefix`
/// (e.g. `/pacs`) describe the public address; otherwise the `Host` header is used, and
/// failing that `PUBLIC_URL`. Values that are not plain host names or paths are ignored, so a
/// header can never inject text into a URL the service writes.
public struct PublicBaseURL: Sendable {
    /// Whether forwarded headers are honoured.
    public var trustForwardedHeaders: Bool
    /// The fallback: the stack's public URL plus `/pacs`.
    public var fallback: String

    /// Creates the resolver.
    public init(trustForwardedHeaders: Bool, publicURL: String) {
        self.trustForwardedHeaders = trustForwardedHeaders
        self.fallback = publicURL + "/pacs"
    }

    /// The root URL for a request, without a trailing slash.
    public func root(for request: Request) -> String {
        let headers = request.headers
        if trustForwardedHeaders, let host = headers[.xForwardedHost].flatMap(Self.firstValue), Self.isHost(host) {
            let proto = headers[.xForwardedProto].flatMap(Self.firstValue)?.lowercased()
            let scheme = proto == "https" ? "https" : "http"
            let prefix = headers[.xForwardedPrefix].flatMap(Self.firstValue).flatMap { Self.isPath($0) ? $0 : nil } ?? ""
            return "\(scheme)://\(host)\(prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix)"
        }
        if let host = request.head.authority, Self.isHost(host) {
            return "http://\(host)"
        }
        return fallback
    }

    /// The DICOMweb root for a request (`…/dicom-web`).
    public func dicomWeb(for request: Request) -> String { root(for: request) + "/dicom-web" }

    private static func firstValue(_ text: String) -> String? {
        let first = text.split(separator: ",", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) }
        return first?.isEmpty == false ? first : nil
    }

    private static func isHost(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 255 && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
        }
    }

    private static func isPath(_ text: String) -> Bool {
        text.hasPrefix("/") && text.utf8.count <= 200 && !text.contains("..") && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-Host`
    static let xForwardedHost = HTTPField.Name("X-Forwarded-Host")!
    /// `X-Forwarded-Proto`
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    /// `X-Forwarded-Prefix`
    static let xForwardedPrefix = HTTPField.Name("X-Forwarded-Prefix")!
}

extension HTTPField.Name {
    /// `Warning` (RFC 7234 §5.5), which PS3.18 uses for partial QIDO results.
    static let warning = HTTPField.Name("Warning")!
}
