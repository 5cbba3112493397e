import Foundation
import Mustache

/// Login-page themes: folders of Mustache templates plus `login.css`. Every theme starts
/// from `default` and overrides the templates it ships (the `ohif` theme replaces the
/// brand partial and the stylesheet).
public struct ThemeRenderer: Sendable {
    let libraries: [String: MustacheLibrary]
    let stylesheets: [String: String]

    /// The fallback theme.
    public static let defaultTheme = "default"

    /// Loads every theme folder under `directory`.
    /// - Throws: When a template does not parse or the default theme is missing.
    public static func load(from directory: URL) throws -> ThemeRenderer {
        let manager = FileManager.default
        let themes = try manager.contentsOfDirectory(atPath: directory.path).filter {
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: directory.appendingPathComponent($0).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        func templates(_ theme: String) throws -> [String: String] {
            let folder = directory.appendingPathComponent(theme)
            var result: [String: String] = [:]
            for file in try manager.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
                result[String(file.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            }
            return result
        }
        let base = try templates(defaultTheme)
        guard !base.isEmpty else { throw IdentityError(.notFound, "default theme missing") }
        var libraries: [String: MustacheLibrary] = [:]
        var stylesheets: [String: String] = [:]
        for theme in themes {
            var merged = base
            merged.merge(try templates(theme)) { _, override in override }
            libraries[theme] = MustacheLibrary(templates: try merged.mapValues { try MustacheTemplate(string: $0) })
            stylesheets[theme] = try? String(contentsOf: directory.appendingPathComponent(theme).appendingPathComponent("login.css"), encoding: .utf8)
        }
        return ThemeRenderer(libraries: libraries, stylesheets: stylesheets)
    }

    /// The bundled themes.
    public static func bundled() throws -> ThemeRenderer {
        try load(from: Bundle.module.url(forResource: "Themes", withExtension: nil)!)
    }

    /// The theme name to use for a realm's `loginTheme` (unknown names fall back to `default`).
    public func theme(named name: String?) -> String {
        guard let name, libraries[name] != nil else { return Self.defaultTheme }
        return name
    }

    /// Renders a page.
    /// - Parameters:
    ///   - page: Template name (`login`, `update-password`, `error`, …).
    ///   - theme: Theme name.
    ///   - context: Template values (HTML-escaped by the renderer).
    /// - Returns: The HTML.
    public func render(_ page: String, theme: String, context: [String: Any]) -> String {
        libraries[self.theme(named: theme)]?.render(context, withTemplate: page) ?? ""
    }

    /// A theme's stylesheet, or nil for an unknown theme.
    public func stylesheet(theme: String) -> String? { stylesheets[theme] }
}
