import Testing
@testable import IdentityService

@Suite struct PasswordPolicyTests {
    @Test func parsesKeycloakPolicyString() throws {
        let policy = try PasswordPolicy(parsing: "length(12) and digits(2) and upperCase(1) and lowerCase(1) and specialChars(1) and notUsername(undefined) and hashIterations(27500)")
        #expect(policy.minimumLength == 12)
        #expect(policy.digits == 2)
        #expect(policy.notUsername)
        #expect(policy.effectiveIterations == 27500)
    }

    @Test(arguments: [
        ("short1A!", "invalidPasswordMinLengthMessage"),
        ("longenoughpassA!", "invalidPasswordMinDigitsMessage"),
        ("longenough12pass!", "invalidPasswordMinUpperCaseCharsMessage"),
        ("LONGENOUGH12PASS!", "invalidPasswordMinLowerCaseCharsMessage"),
        ("Longenough12pass", "invalidPasswordMinSpecialCharsMessage"),
    ])
    func reportsFirstBrokenRule(password: String, key: String) throws {
        let policy = try PasswordPolicy(parsing: "length(10) and digits(2) and upperCase(1) and lowerCase(1) and specialChars(1)")
        #expect(policy.violation(of: password, username: "alice", email: nil)?.key == key)
    }

    @Test func refusesUsernameAsPassword() throws {
        let policy = try PasswordPolicy(parsing: "notUsername(undefined)")
        #expect(policy.violation(of: "Alice", username: "alice", email: nil)?.message == "Invalid password: must not be equal to the username.")
        #expect(policy.violation(of: "another", username: "alice", email: nil) == nil)
    }

    @Test func minimumLengthMessageMatchesKeycloak() throws {
        let policy = try PasswordPolicy(parsing: "length(8)")
        #expect(policy.violation(of: "abc", username: "u", email: nil)?.message == "Invalid password: minimum length 8.")
    }

    @Test func rejectsMalformedArguments() {
        #expect(throws: IdentityError.self) { try PasswordPolicy(parsing: "length(abc)") }
        #expect(throws: IdentityError.self) { try PasswordPolicy(parsing: "hashAlgorithm(md5)") }
    }
}
