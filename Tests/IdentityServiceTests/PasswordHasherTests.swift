import Foundation
import Testing
@testable import IdentityService

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher()

    /// A credential from a real Keycloak realm export (password "password", pbkdf2-sha256, 256-bit key).
    @Test func verifiesKeycloakExportedCredential() async throws {
        var representation = CredentialRepresentation()
        representation.secretData = #"{"value":"JsfNbCOIdZUbyBJ+BT+VoGI91Ec2rWLOvkLPDaX8e9k=","salt":"P5rtFkGtPfoaryJ6PizUJw==","additionalParameters":{}}"#
        representation.credentialData = #"{"hashIterations":27500,"algorithm":"pbkdf2-sha256","additionalParameters":{}}"#
        let credential = try #require(try representation.storedCredential())
        #expect(await hasher.verify("password", against: credential))
        #expect(!(await hasher.verify("Password", against: credential)))
    }

    /// Vectors computed with Python's hashlib.pbkdf2_hmac (an independent implementation), 512-bit keys.
    @Test(arguments: [
        (PasswordAlgorithm.pbkdf2, 27500, "e2LtM0DOVDSJqfputbhda///LD9aIweY5J692FfqAw3R2f34R2FuXse5w8zthVshL5V36M0W5YbDdU8T/A4E9w=="),
        (PasswordAlgorithm.pbkdf2SHA256, 27500, "zVZeTt74evOTX07l+4HhBcrauXqJIIKnwrfyFYg6QetSWPZronXYYIFR1tp5i/O0k1Vs9uoBJEl7ToCpUxiqcg=="),
        (PasswordAlgorithm.pbkdf2SHA512, 1000, "20MTVzg/n3H4pkjP7rPbs9uXGvJYlRG4j32EBHiNeegrbijWGjc63LMIJzA0jtIUGL4tJ0FCjR9uzA3gQvH7WA=="),
    ])
    func verifiesEachAlgorithm(algorithm: PasswordAlgorithm, iterations: Int, hash: String) async throws {
        let credential = PasswordCredential(algorithm: algorithm, iterations: iterations, salt: Array("0123456789abcdef".utf8),
                                            hash: Array(try #require(Data(base64Encoded: hash))))
        #expect(await hasher.verify("pässword", against: credential))
        #expect(!(await hasher.verify("password", against: credential)))
    }

    @Test func hashesWithPolicyAlgorithmAndIterations() async throws {
        let policy = try PasswordPolicy(parsing: "hashAlgorithm(pbkdf2-sha256) and hashIterations(1200)")
        let credential = try await hasher.hash("s3cret!", policy: policy)
        #expect(credential.algorithm == .pbkdf2SHA256)
        #expect(credential.iterations == 1200)
        #expect(credential.hash.count == 64)
        #expect(credential.salt.count == 16)
        #expect(await hasher.verify("s3cret!", against: credential))
        let other = try await hasher.hash("s3cret!", policy: policy)
        #expect(other.salt != credential.salt)
    }

    @Test func defaultPolicyIsPBKDF2SHA512With210000Iterations() throws {
        let policy = try PasswordPolicy(parsing: nil)
        #expect(policy.hashAlgorithm == .pbkdf2SHA512)
        #expect(policy.effectiveIterations == 210_000)
    }

    @Test func refusesOverlongPasswords() async throws {
        let policy = try PasswordPolicy(parsing: "hashIterations(1)")
        await #expect(throws: IdentityError.self) { try await hasher.hash(String(repeating: "a", count: 2000), policy: policy) }
    }

    @Test func rejectsMalformedCredentialData() {
        var representation = CredentialRepresentation()
        representation.secretData = #"{"value":"!!","salt":"x"}"#
        representation.credentialData = #"{"hashIterations":27500,"algorithm":"bcrypt"}"#
        #expect(throws: IdentityError.self) { try representation.storedCredential() }
    }
}
