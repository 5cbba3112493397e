import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// One admin-console request after sign-in: who is asking, the realm being managed, the
/// CSRF token, and the form of a POST (already CSRF-checked).
struct ConsolePage {
    let request: Request
    let context: ServiceRequestContext
    let signedIn: ConsoleSession.SignedIn
    /// The realm being managed.
    let realm: Realm
    /// The console's root path (`/admin/console` or `/auth/admin/console`).
    let base: String
    /// The CSRF token for forms on the page.
    let csrfToken: String
    /// POST fields, or the query of a GET.
    let form: [String: String]

    var logger: Logger { context.logger }

    /// The managed realm's root path.
    var realmBase: String { "\(base)/realms/\(ConsoleURL.segment(realm.name))" }

    /// Whether the signed-in user holds the permission in the managed realm (the admin REST API's rule).
    func allows(_ permission: AdminPermission) -> Bool { signedIn.grants.allows(permission, in: realm.name) }

    /// - Throws: ``IdentityError`` `.forbidden` without the permission.
    func require(_ permission: AdminPermission) throws {
        guard allows(permission) else { throw IdentityError(.forbidden, "You are allowed to view but not to change this.") }
    }

    /// A path parameter.
    func parameter(_ name: String) throws -> String { try context.parameters.require(name) }

    /// A form field, trimmed, limited in length.
    func field(_ name: String, limit: Int = 255) -> String {
        String((form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(limit))
    }

    /// A checkbox or switch field.
    func flag(_ name: String) -> Bool { ["on", "true", "1"].contains(form[name] ?? "") }

    /// Paging from the query: `first` ≥ 0 and `max` in 1…100 (default 20).
    var paging: (first: Int, max: Int) {
        let first = max(0, Int(form["first"] ?? "") ?? 0)
        let size = min(max(1, Int(form["max"] ?? "") ?? 20), 100)
        return (first, size)
    }
}

/// What a console handler produced.
enum ConsoleResult {
    /// A page: template, title, the navigation section to highlight, values.
    case page(String, title: String, section: String, values: [String: Any], status: HTTPResponse.Status = .ok)
    /// See Other to an absolute path, with a notice key shown on the next page.
    case redirect(String, notice: String?)
    /// A ready response (downloads).
    case response(Response)
}

/// Messages shown after a redirect, by key (never echoing request text).
enum ConsoleNotice {
    static let texts: [String: String] = [
        "saved": "Your changes have been saved.", "created": "Created.", "deleted": "Deleted.",
        "password": "The password has been set.", "secret": "A new client secret has been generated.",
        "signedout": "The sessions have been signed out.", "unlocked": "The user has been unlocked.",
        "rotated": "A new signing key is active.", "imported": "The realm has been imported.", "joined": "Group membership changed.",
        "roles": "Role mappings updated.",
    ]
}
