import Foundation
import HTTPTypes
import Hummingbird

/// URL helpers for the consoles: the `/auth` prefix a request came through, its origin,
/// path-segment escaping and local-redirect checks.
enum ConsoleURL {
    /// `/auth` when the request came through the gateway's prefix, else empty.
    static func prefix(_ request: Request) -> String {
        request.uri.path == "/auth" || request.uri.path.hasPrefix("/auth/") ? "/auth" : ""
    }

    /// The browser-visible origin (`X-Forwarded-Proto`/`-Host` from the gateway, else `Host`).
    /// Only used to build a `redirect_uri`, which must still match the client's registered URIs.
    static func origin(_ request: Request) -> String {
        let forwardedProto = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let scheme = forwardedProto == "https" ? "https" : "http"
        let forwardedHost = request.headers[HTTPField.Name("X-Forwarded-Host")!]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        let host = forwardedHost ?? request.head.authority ?? "localhost"
        let safe = host.allSatisfy { $0.isLetter || $0.isNumber || "-.:[]".contains($0) } ? host : "localhost"
        return "\(scheme)://\(safe)"
    }

    /// A path segment, percent-encoded.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A query value, percent-encoded.
    static func query(_ value: String) -> String { segment(value) }

    /// The path when it is a safe local absolute path (no scheme, no `//`, no backslash), else nil.
    static func localPath(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"), path.utf8.count <= 2048,
              path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return nil }
        return path
    }

    /// 303 See Other to a local path.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
