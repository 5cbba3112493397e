/// The JWS algorithms (RFC 7518 §3.1) a verifier may accept: asymmetric ones only.
///
/// `none` and the HMAC family are not representable, so no configuration can enable
/// them and a public key can never be used as an HMAC secret.
public enum SigningAlgorithm: String, Sendable, CaseIterable, Hashable {
    case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"
    case ps256 = "PS256", ps384 = "PS384", ps512 = "PS512"
    case es256 = "ES256", es384 = "ES384", es512 = "ES512"
    case edDSA = "EdDSA"

    /// The JWK `kty` a key must have to verify this algorithm (RFC 7518 §6.1).
    public var keyType: String {
        switch self {
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: "RSA"
        case .es256, .es384, .es512: "EC"
        case .edDSA: "OKP"
        }
    }

    /// The JWK `crv` an EC key must have (RFC 7518 §3.4), or `nil` when the curve is free.
    public var curve: String? {
        switch self {
        case .es256: "P-256"
        case .es384: "P-384"
        case .es512: "P-521"
        default: nil
        }
    }

    /// The default allowed list: every RSA and EC algorithm identity-service may sign with.
    public static let defaultAllowed: Set<SigningAlgorithm> = [.rs256, .rs384, .rs512, .ps256, .ps384, .ps512, .es256, .es384, .es512]
}
