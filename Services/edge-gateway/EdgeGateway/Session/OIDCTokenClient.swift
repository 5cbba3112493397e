import Foundation
import NIOFoundationCompat
import TokenSupport

/// The gateway as an OAuth confidential client at the token endpoint: authorization-code
/// exchange with PKCE (RFC 6749 §4.1.3, RFC 7636 §4.5) and refresh (RFC 6749 §6), with
/// HTTP Basic client authentication (RFC 6749 §2.3.1).
struct OIDCTokenClient: Sendable {
    /// A successful token response (RFC 6749 §5.1).
    struct Tokens: Decodable, Sendable {
        var accessToken: String
        var expiresIn: Double?
        var refreshToken: String?
        var idToken: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", expiresIn = "expires_in", refreshToken = "refresh_token", idToken = "id_token"
        }
    }

    let metadata: IssuerMetadata
    let client: BackchannelClient
    let clientID: String
    let clientSecret: String

    /// Exchanges an authorization code.
    /// - Throws: ``GatewayError`` `.invalidToken` when the provider refuses the code, `.unavailable` when it cannot be reached.
    func exchange(code: String, redirectURI: String, codeVerifier: String) async throws -> Tokens {
        try await request([
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", codeVerifier),
        ])
    }

    /// Refreshes an access token.
    /// - Throws: ``GatewayError`` `.invalidToken` when the refresh token is no longer valid.
    func refresh(_ refreshToken: String) async throws -> Tokens {
        try await request([("grant_type", "refresh_token"), ("refresh_token", refreshToken)])
    }

    private func request(_ form: [(String, String)]) async throws -> Tokens {
        let endpoint: String
        do {
            guard let tokenEndpoint = try await metadata.discovery().tokenEndpoint else {
                throw GatewayError(.unavailable, "identity provider has no token endpoint")
            }
            endpoint = tokenEndpoint
        } catch let error as TokenError {
            throw GatewayError(error)
        }
        let credentials = FormEncoding.escape(clientID) + ":" + FormEncoding.escape(clientSecret)
        let answer: BackchannelClient.Answer
        do {
            answer = try await client.postForm(
                metadata.location.backchannelURLs(for: endpoint), form: form,
                authorization: "Basic " + Data(credentials.utf8).base64EncodedString())
        } catch let error as TokenError {
            throw GatewayError(error)
        }
        guard answer.status == 200 else {
            if answer.status == 400 || answer.status == 401 { throw GatewayError(.invalidToken, "the identity provider refused the grant") }
            throw GatewayError(.unavailable, "token endpoint answered \(answer.status)")
        }
        guard let tokens = try? JSONDecoder().decode(Tokens.self, from: Data(buffer: answer.body)) else {
            throw GatewayError(.badGateway, "token endpoint answer is not valid")
        }
        return tokens
    }
}
