import Foundation

/// Keycloak's CredentialRepresentation: a plain `value` (hashed on import) or Keycloak's
/// stored form (`secretData` / `credentialData` JSON strings).
public struct CredentialRepresentation: Codable, Sendable, Hashable {
    /// `password`.
    public var type: String?
    /// Plain-text password (import, reset-password).
    public var value: String?
    /// The user must change it at next login.
    public var temporary: Bool?
    /// `{"value": base64 hash, "salt": base64 salt, "additionalParameters": {}}`.
    public var secretData: String?
    /// `{"hashIterations": n, "algorithm": "pbkdf2-sha256", "additionalParameters": {}}`.
    public var credentialData: String?
    /// Credential id.
    public var id: String?
    /// Creation time in milliseconds.
    public var createdDate: Int?

    /// Creates a representation.
    public init(type: String? = "password", value: String? = nil, temporary: Bool? = nil) {
        self.type = type
        self.value = value
        self.temporary = temporary
    }

    /// The stored form of a credential (export).
    public init(_ credential: PasswordCredential) {
        type = "password"
        let secret: [String: Any] = ["value": Data(credential.hash).base64EncodedString(), "salt": Data(credential.salt).base64EncodedString(),
                                     "additionalParameters": [String: String]()]
        let data: [String: Any] = ["hashIterations": credential.iterations, "algorithm": credential.algorithm.rawValue,
                                   "additionalParameters": [String: String]()]
        secretData = (try? JSONSerialization.data(withJSONObject: secret, options: [.sortedKeys])).flatMap { String(data: $0, encoding: .utf8) }
        credentialData = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// The hashed credential in `secretData`/`credentialData`, or nil when this is a plain value.
    /// - Throws: ``IdentityError`` `.invalidRequest` for malformed data or an unsupported algorithm.
    public func storedCredential() throws -> PasswordCredential? {
        guard let secretData, let credentialData else { return nil }
        struct Secret: Decodable { var value: String; var salt: String }
        struct Parameters: Decodable { var hashIterations: Int; var algorithm: String }
        let invalid = IdentityError(.invalidRequest, "Unsupported or malformed credential data")
        guard let secret = try? JSONDecoder().decode(Secret.self, from: Data(secretData.utf8)),
              let parameters = try? JSONDecoder().decode(Parameters.self, from: Data(credentialData.utf8)),
              let algorithm = PasswordAlgorithm(rawValue: parameters.algorithm),
              let hash = Data(base64Encoded: secret.value), let salt = Data(base64Encoded: secret.salt),
              parameters.hashIterations > 0, parameters.hashIterations <= 10_000_000, !hash.isEmpty, hash.count <= 256
        else { throw invalid }
        return PasswordCredential(algorithm: algorithm, iterations: parameters.hashIterations, salt: Array(salt), hash: Array(hash))
    }
}
