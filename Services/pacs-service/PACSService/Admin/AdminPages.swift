import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The admin UI's Mustache templates and static assets (bundled under `Admin/Templates` and
/// `Admin/Assets`), and the HTML responses built from them. Pages are `no-store` (they show
/// patient data) and carry a strict Content-Security-Policy: scripts and styles only from the
/// UI's own asset files, so no inline script or style runs.
struct AdminPages: Sendable {
    /// A static file served under `{base}/assets/`.
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        var etag: String
    }

    let library: MustacheLibrary
    let assets: [String: Asset]

    /// The policy sent with every page (the gateway keeps an upstream's own policy).
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "connect-src 'self'",
        "form-action 'self'", "frame-ancestors 'self'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    /// Loads the bundled templates and assets.
    /// - Throws: When a template does not parse or a folder is missing.
    static func bundled() throws -> AdminPages {
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
              let assetFolder = Bundle.module.url(forResource: "Assets", withExtension: nil)
        else { throw PACSError(.storage, "admin UI resources are missing") }
        let manager = FileManager.default
        var library = MustacheLibrary()
        for file in try manager.contentsOfDirectory(atPath: templates.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        var assets: [String: Asset] = [:]
        for file in try manager.contentsOfDirectory(atPath: assetFolder.path) {
            let data = try Data(contentsOf: assetFolder.appendingPathComponent(file))
            let type = file.hasSuffix(".css") ? "text/css; charset=utf-8" : file.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "image/svg+xml"
            assets[file] = Asset(bytes: ByteBuffer(bytes: data), contentType: type, etag: ETag.of(ByteBuffer(bytes: data)))
        }
        return AdminPages(library: library, assets: assets)
    }

    /// Renders a page template with the viewer's layout values merged in.
    /// - Parameters:
    ///   - template: The template name.
    ///   - title: The page title.
    ///   - viewer: Who asked (header, links).
    ///   - values: The page's own values.
    ///   - status: The HTTP status.
    func page(_ template: String, title: String, viewer: AdminViewer, values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        var context = viewer.layout
        context.merge(values) { $1 }
        context["title"] = title
        let html = library.render(Self.blankingEmpty(context), withTemplate: template) ?? "template \(template) missing"
        return Self.html(html, status: status)
    }

    /// The values with every empty string replaced by ``Blank``, so `{{#x}}` / `{{^x}}` treat
    /// empty values as absent without Mustache climbing to an outer value of the same name.
    static func blankingEmpty(_ value: Any) -> Any {
        switch value {
        case let text as String: return text.isEmpty ? Blank() : text
        case let dictionary as [String: Any]: return dictionary.mapValues(blankingEmpty)
        case let array as [[String: Any]]: return array.map { $0.mapValues(blankingEmpty) }
        case let array as [Any]: return array.map(blankingEmpty)
        default: return value
        }
    }

    /// An empty template value: renders nothing and counts as false in sections.
    struct Blank: MustacheCustomRenderable {
        var renderText: String { "" }
        var isNull: Bool { true }
    }

    /// An error page (the JSON error bodies are for API clients; people get HTML).
    func error(_ status: HTTPResponse.Status, _ message: String, viewer: AdminViewer) -> Response {
        page("error", title: "\(status.code) \(status.reasonPhrase)", viewer: viewer, values: ["message": message, "status": status.code], status: status)
    }

    /// An HTML response with the UI's security and caching headers.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Frame-Options")!] = "SAMEORIGIN"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A static asset, or nil when there is none of that name.
    func asset(_ name: String, request: Request) -> Response? {
        guard let asset = assets[name] else { return nil }
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        headers[.eTag] = asset.etag
        headers[.cacheControl] = "no-cache"
        if request.headers[.ifNoneMatch] == asset.etag { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }
}
