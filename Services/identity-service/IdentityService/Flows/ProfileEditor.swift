import Foundation
import Logging

/// A user changing their own names and email — on the account page, or through the
/// UPDATE_PROFILE required action at login (where all three are required, as in Keycloak's
/// default user profile). A changed email is no longer verified; each change is an
/// `UPDATE_PROFILE` event.
struct ProfileEditor: Sendable {
    let users: any UserStore
    let events: EventRecorder

    /// Why a change was refused: a message for the form, and per-field messages.
    struct Refusal: Error, Sendable {
        /// The first problem, shown above the form.
        var message: String
        /// Messages by field name (`firstName`, `lastName`, `email`).
        var fields: [String: String] = [:]
    }

    /// Longest accepted name or email.
    static let maximumLength = 255

    /// The new values, checked.
    struct Profile: Sendable {
        var firstName: String
        var lastName: String
        var email: String
    }

    /// Saves a user's names and email.
    /// - Parameters:
    ///   - requireAll: Whether each field must be filled (UPDATE_PROFILE).
    ///   - context: Keycloak's user-profile context for the event (`ACCOUNT`, `UPDATE_PROFILE`).
    /// - Returns: The saved user.
    /// - Throws: ``Refusal`` for missing, too long, invalid or taken values.
    func update(_ realm: Realm, user: User, profile: Profile, requireAll: Bool, clientID: String, context: String,
                ipAddress: String? = nil, logger: Logger) async throws -> User {
        var problems: [(field: String, message: String)] = []
        for (field, value, missing) in [("email", profile.email, "Please specify email."), ("firstName", profile.firstName, "Please specify first name."),
                                        ("lastName", profile.lastName, "Please specify last name.")] {
            if requireAll, value.isEmpty {
                problems.append((field, missing))
            } else if value.count > Self.maximumLength || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                problems.append((field, "Length must be at most \(Self.maximumLength) characters, without control characters."))
            } else if field == "email", !value.isEmpty, !Self.looksLikeEmail(value) {
                problems.append((field, "Invalid email address."))
            }
        }
        if let first = problems.first {
            throw Refusal(message: first.message, fields: Dictionary(problems.map { ($0.field, $0.message) }) { first, _ in first })
        }
        var updated = user
        updated.firstName = profile.firstName
        updated.lastName = profile.lastName
        updated.email = profile.email.isEmpty ? nil : profile.email.lowercased()
        if updated.email != user.email { updated.emailVerified = false }
        do {
            try await users.update(updated, logger: logger)
        } catch let error as IdentityError where error.code == .conflict {
            throw Refusal(message: "Email already exists.", fields: ["email": "Email already exists."])
        }
        await events.record(IdentityEvent(type: "UPDATE_PROFILE", realmID: realm.id, clientID: clientID, userID: user.id, ipAddress: ipAddress,
                                          details: ["context": context]), in: realm, logger: logger)
        return updated
    }

    /// One `@` between a non-empty local part and a domain, and no whitespace.
    static func looksLikeEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !value.contains(where: \.isWhitespace)
    }
}
