import Foundation
import Hummingbird
import Mustache

/// The consoles' Mustache templates (`Console/Templates`, one per page plus the `layout`
/// every page is wrapped in) and static assets (`Console/Assets`: stylesheet and script).
/// Values are HTML-escaped by Mustache; only the rendered page body enters the layout raw.
public struct ConsoleRenderer: Sendable {
    let library: MustacheLibrary
    let assets: [String: String]

    /// Loads the bundled templates and assets.
    /// - Throws: When a template does not parse.
    public static func bundled() throws -> ConsoleRenderer {
        try load(templates: Bundle.module.url(forResource: "Templates", withExtension: nil)!,
                 assets: Bundle.module.url(forResource: "Assets", withExtension: nil)!)
    }

    /// Loads templates and assets from folders.
    static func load(templates: URL, assets: URL) throws -> ConsoleRenderer {
        let manager = FileManager.default
        var parsed: [String: MustacheTemplate] = [:]
        for file in try manager.contentsOfDirectory(atPath: templates.path) where file.hasSuffix(".mustache") {
            parsed[String(file.dropLast(".mustache".count))] = try MustacheTemplate(
                string: String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8))
        }
        var files: [String: String] = [:]
        for file in try manager.contentsOfDirectory(atPath: assets.path) {
            files[file] = try String(contentsOf: assets.appendingPathComponent(file), encoding: .utf8)
        }
        return ConsoleRenderer(library: MustacheLibrary(templates: parsed), assets: files)
    }

    /// Renders a page body inside the layout.
    /// - Parameters:
    ///   - template: The page template.
    ///   - values: Values for both the page and the layout.
    /// - Returns: The HTML document.
    func render(_ template: String, _ values: [String: Any]) -> String {
        var all = values
        all["content"] = library.render(values, withTemplate: template) ?? ""
        return library.render(all, withTemplate: (values["layout"] as? String) ?? "layout") ?? ""
    }

    /// An HTML response.
    func html(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: render(template, values))))
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        return response
    }

    /// Pages load only their own stylesheet and script: no inline scripts or styles.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; "
        + "base-uri 'none'; frame-ancestors 'self'; object-src 'none'"

    /// A static asset response, or nil for an unknown name.
    func asset(_ name: String) -> Response? {
        guard let text = assets[name] else { return nil }
        let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

extension ConsoleRenderer {
    /// The bundled templates, loaded once (they ship with the binary, so failing to parse them is a build defect).
    static let shared: ConsoleRenderer = {
        do { return try bundled() } catch { preconditionFailure("console templates do not load: \(error)") }
    }()
}
