import Foundation

/// How a client presented itself at the token, introspection or revocation endpoint.
public struct ClientCredentials: Sendable, Hashable {
    /// The `client_id` (from Basic auth or the form).
    public var clientID: String
    /// The secret, when one was presented.
    public var secret: String?

    /// Creates credentials.
    public init(clientID: String, secret: String?) {
        self.clientID = clientID
        self.secret = secret
    }

    /// RFC 6749 §2.3.1: reads `client_secret_basic` (an `Authorization: Basic` header whose
    /// parts are form-encoded) or `client_secret_post` / public `client_id` from the form.
    /// - Parameters:
    ///   - authorization: The `Authorization` header, if any.
    ///   - form: The request's form parameters.
    /// - Returns: The credentials.
    /// - Throws: ``IdentityError`` `.invalidClient` when no client is named or both methods disagree.
    public static func parse(authorization: String?, form: [String: String]) throws -> ClientCredentials {
        if let authorization, authorization.count > 6, authorization.prefix(6).lowercased() == "basic " {
            guard let data = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":"),
                  let id = FormDecoding.decode(String(text[..<colon])),
                  let secret = FormDecoding.decode(String(text[text.index(after: colon)...])), !id.isEmpty
            else { throw IdentityError(.invalidClient, "Invalid client or Invalid client credentials") }
            if let formID = form["client_id"], formID != id {
                throw IdentityError(.invalidClient, "Invalid client or Invalid client credentials")
            }
            if form["client_secret"] != nil { throw IdentityError(.invalidRequest, "Multiple client authentication methods used") }
            return ClientCredentials(clientID: id, secret: secret)
        }
        guard let id = form["client_id"], !id.isEmpty else {
            throw IdentityError(.invalidClient, "Missing parameter: client_id")
        }
        return ClientCredentials(clientID: id, secret: form["client_secret"])
    }
}
