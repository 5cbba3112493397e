import Foundation

/// The required actions Tessera's login carries out, by Keycloak's names, in Keycloak's
/// default order (terms 20, password 30, profile 40): a user with several does them one
/// after the other before the login completes.
public enum RequiredAction: String, CaseIterable, Sendable {
    /// Accept the terms and conditions (declining ends the login with `access_denied`).
    case termsAndConditions = "TERMS_AND_CONDITIONS"
    /// Choose a new password (temporary passwords set this).
    case updatePassword = "UPDATE_PASSWORD"
    /// Confirm or complete first name, last name and email.
    case updateProfile = "UPDATE_PROFILE"

    /// The name shown in the admin console.
    public var label: String {
        switch self {
        case .termsAndConditions: "Terms and conditions"
        case .updatePassword: "Update password"
        case .updateProfile: "Update profile"
        }
    }

    /// Keycloak's actions Tessera can't carry out, with the reason.
    static let unsupported: [String: String] = [
        "VERIFY_EMAIL": "it sends an email and Tessera has no SMTP server",
        "UPDATE_EMAIL": "it sends an email and Tessera has no SMTP server",
        "CONFIGURE_TOTP": "Tessera has no one-time passwords (OTP)",
        "CONFIGURE_RECOVERY_AUTHN_CODES": "Tessera has no recovery codes",
        "webauthn-register": "Tessera has no WebAuthn",
        "webauthn-register-passwordless": "Tessera has no WebAuthn",
        "delete_account": "Tessera has no account deletion action",
        "VERIFY_PROFILE": "Tessera has no user-profile configuration; use UPDATE_PROFILE",
    ]

    /// Keycloak before 20 named the terms action in lower case; realm exports still carry it.
    static func named(_ name: String) -> RequiredAction? {
        RequiredAction(rawValue: name) ?? (name == "terms_and_conditions" ? .termsAndConditions : nil)
    }

    /// Checks a `requiredActions` list from the admin API: every name must be one Tessera carries out.
    /// - Returns: The names in Keycloak's spelling, without repeats, in the order given.
    /// - Throws: ``IdentityError`` `.invalidRequest` naming the first unsupported or unknown action.
    public static func checked(_ names: [String]) throws -> [String] {
        var result: [String] = []
        for name in names {
            guard let action = named(name) else {
                let supported = allCases.map(\.rawValue).joined(separator: ", ")
                let why = unsupported[name].map { "Required action \(name) is not supported: \($0)" } ?? "Unknown required action \(name.prefix(100))"
                throw IdentityError(.invalidRequest, "\(why). Supported: \(supported).")
            }
            if !result.contains(action.rawValue) { result.append(action.rawValue) }
        }
        return result
    }

    /// The actions of a realm file Tessera carries out; others (e.g. `VERIFY_EMAIL`) are dropped,
    /// as Keycloak skips actions it has no enabled provider for.
    public static func supported(in names: [String]) -> [String] {
        var result: [String] = []
        for action in names.compactMap(named) where !result.contains(action.rawValue) { result.append(action.rawValue) }
        return result
    }

    /// The action the user must do next, or nil when none is pending.
    public static func next(for user: User) -> RequiredAction? {
        allCases.first { user.requiredActions.contains($0.rawValue) }
    }
}
