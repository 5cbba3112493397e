import Foundation

/// A realm's password policy, parsed from Keycloak's policy string
/// (`length(12) and digits(1) and notUsername(undefined) and hashIterations(27500)`).
public struct PasswordPolicy: Sendable, Hashable {
    /// Minimum length (`length`, Keycloak's default argument 8).
    public var minimumLength: Int?
    /// Maximum length (`maxLength`); at most 1024 is always enforced.
    public var maximumLength: Int = 1024
    /// Minimum digits (`digits`).
    public var digits: Int = 0
    /// Minimum upper-case letters (`upperCase`).
    public var upperCase: Int = 0
    /// Minimum lower-case letters (`lowerCase`).
    public var lowerCase: Int = 0
    /// Minimum special characters (`specialChars`).
    public var specialChars: Int = 0
    /// Password may not equal the username (`notUsername`).
    public var notUsername: Bool = false
    /// Password may not equal the email (`notEmail`).
    public var notEmail: Bool = false
    /// Hash algorithm for new passwords (`hashAlgorithm`, `pbkdf2-sha512`).
    public var hashAlgorithm: PasswordAlgorithm = .pbkdf2SHA512
    /// Iterations for new passwords (`hashIterations`, the algorithm's default).
    public var hashIterations: Int?

    /// The policy with no rules (Keycloak's default hashing).
    public init() {}

    /// Parses a Keycloak policy string; unknown policies are ignored.
    /// - Parameter text: The realm's `passwordPolicy`, or nil.
    /// - Throws: ``IdentityError`` `.invalidRequest` when an argument is malformed.
    public init(parsing text: String?) throws {
        self.init()
        guard let text, !text.isEmpty else { return }
        for part in text.components(separatedBy: " and ") {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else { continue }
            let name: String
            var argument: String?
            if let open = item.firstIndex(of: "("), item.hasSuffix(")") {
                name = String(item[..<open])
                argument = String(item[item.index(after: open)..<item.index(before: item.endIndex)])
            } else {
                name = item
            }
            func count(_ fallback: Int) throws -> Int {
                guard let argument, argument != "undefined", !argument.isEmpty else { return fallback }
                guard let value = Int(argument), value >= 0, value <= 10_000_000 else {
                    throw IdentityError(.invalidRequest, "invalid password policy argument for \(name)")
                }
                return value
            }
            switch name {
            case "length": minimumLength = try count(8)
            case "maxLength": maximumLength = min(try count(64), 1024)
            case "digits": digits = try count(1)
            case "upperCase": upperCase = try count(1)
            case "lowerCase": lowerCase = try count(1)
            case "specialChars": specialChars = try count(1)
            case "notUsername": notUsername = true
            case "notEmail": notEmail = true
            case "hashIterations": hashIterations = max(1, try count(PasswordAlgorithm.pbkdf2SHA512.defaultIterations))
            case "hashAlgorithm":
                guard let argument, let algorithm = PasswordAlgorithm(rawValue: argument) else {
                    throw IdentityError(.invalidRequest, "unsupported hash algorithm in password policy")
                }
                hashAlgorithm = algorithm
            default: continue
            }
        }
    }

    /// Iterations used for new hashes.
    public var effectiveIterations: Int { hashIterations ?? hashAlgorithm.defaultIterations }

    /// Checks a new password against the policy.
    /// - Parameters:
    ///   - password: The candidate password.
    ///   - username: The user's username.
    ///   - email: The user's email.
    /// - Returns: Keycloak's message key and text for the first broken rule, or nil when it passes.
    public func violation(of password: String, username: String, email: String?) -> (key: String, message: String)? {
        let length = password.count
        if let minimumLength, length < minimumLength {
            return ("invalidPasswordMinLengthMessage", "Invalid password: minimum length \(minimumLength).")
        }
        if length > maximumLength {
            return ("invalidPasswordMaxLengthMessage", "Invalid password: maximum length \(maximumLength).")
        }
        if password.filter(\.isNumber).count < digits {
            return ("invalidPasswordMinDigitsMessage", "Invalid password: must contain at least \(digits) numerical digits.")
        }
        if password.filter(\.isUppercase).count < upperCase {
            return ("invalidPasswordMinUpperCaseCharsMessage", "Invalid password: must contain at least \(upperCase) upper case characters.")
        }
        if password.filter(\.isLowercase).count < lowerCase {
            return ("invalidPasswordMinLowerCaseCharsMessage", "Invalid password: must contain at least \(lowerCase) lower case characters.")
        }
        if password.filter({ !$0.isLetter && !$0.isNumber && !$0.isWhitespace }).count < specialChars {
            return ("invalidPasswordMinSpecialCharsMessage", "Invalid password: must contain at least \(specialChars) special characters.")
        }
        if notUsername, password.lowercased() == username.lowercased() {
            return ("invalidPasswordNotUsernameMessage", "Invalid password: must not be equal to the username.")
        }
        if notEmail, let email, password.lowercased() == email.lowercased() {
            return ("invalidPasswordNotEmailMessage", "Invalid password: must not be equal to the email.")
        }
        return nil
    }
}
