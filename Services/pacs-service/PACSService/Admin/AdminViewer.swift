import HTTPTypes
import Hummingbird

/// Who is looking at the admin UI and where it lives publicly: the URL prefix every link,
/// form and asset uses (`X-Forwarded-Prefix` from the gateway, e.g. `/pacs-admin`, else
/// `/admin`), the signed-in user's name and what their realm roles allow.
struct AdminViewer: Sendable {
    /// The UI's public path prefix, without a trailing slash.
    var base: String
    /// The name shown in the header.
    var userName: String
    /// `pacs-write`: the upload page is offered.
    var canUpload: Bool
    /// `pacs-admin`: delete buttons are offered (the server enforces the role regardless).
    var canDelete: Bool
    /// The gateway's sign-out URL; nil when the UI is reached without the gateway.
    var signOutURL: String?

    /// The upstream path prefix the gateway maps its `/pacs-admin` to.
    static let upstreamPrefix = "/admin"

    /// Reads the viewer of a request.
    /// - Parameters:
    ///   - request: The request.
    ///   - trustForwarded: Whether `X-Forwarded-Prefix` is believed (`PACS_TRUST_FORWARDED`).
    ///   - authEnabled: Whether bearer tokens are verified; when not, everyone may do everything.
    static func from(_ request: Request, trustForwarded: Bool, authEnabled: Bool) -> AdminViewer {
        let forwarded = trustForwarded ? request.headers[.xForwardedPrefix].flatMap(Self.validPrefix) : nil
        let base = forwarded ?? upstreamPrefix
        let signOut = forwarded.map { $0 + "/logout" }
        guard authEnabled else {
            return AdminViewer(base: base, userName: "development (authorization disabled)", canUpload: true, canDelete: true, signOutURL: signOut)
        }
        let principal = Principal.current
        let roles = principal?.roles ?? []
        return AdminViewer(base: base, userName: principal.map { $0.username ?? $0.subject } ?? "unknown", canUpload: roles.contains(PACSRole.write.rawValue),
                           canDelete: roles.contains(PACSRole.admin.rawValue), signOutURL: signOut)
    }

    /// The prefix when it is a plain absolute path (letters, digits, `/-_.`, no `..`), without trailing slash.
    static func validPrefix(_ text: String) -> String? {
        let first = text.split(separator: ",", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard first.hasPrefix("/"), !first.hasPrefix("//"), first.utf8.count <= 200, !first.contains(".."),
              first.utf8.allSatisfy({ byte in
                  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                      || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
              })
        else { return nil }
        let trimmed = first.hasSuffix("/") ? String(first.dropLast()) : first
        return trimmed
    }

    /// The values every page's header and footer use.
    var layout: [String: Any] {
        var values: [String: Any] = ["base": base, "userName": userName, "canUpload": canUpload, "canDelete": canDelete]
        if let signOutURL {
            values["signOutURL"] = signOutURL
            values["hasSignOut"] = true
        }
        return values
    }
}
