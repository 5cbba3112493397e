import Foundation
import Logging

/// Validates authorization requests: the client and redirect URI first (failures there show
/// an error page and never redirect), then everything else (failures redirect with an error).
public struct AuthorizationValidator: Sendable {
    let clients: any ClientStore

    /// Creates a validator.
    public init(clients: any ClientStore) { self.clients = clients }

    /// The outcome of validation.
    public enum Outcome: Sendable, Hashable {
        /// A usable request.
        case valid(AuthorizationRequest)
        /// An error to show on our own page (unknown client, bad redirect URI).
        case errorPage(String)
        /// An error to send to the (registered) redirect URI.
        case redirect(AuthorizationAnswer)
    }

    /// Validates the request parameters.
    /// - Parameters:
    ///   - parameters: Query or form parameters.
    ///   - realm: The realm.
    ///   - logger: Logger.
    /// - Returns: The outcome.
    public func validate(_ parameters: [String: String], realm: Realm, logger: Logger) async throws -> Outcome {
        guard let clientID = parameters["client_id"], !clientID.isEmpty, clientID.utf8.count <= 255,
              let client = try await clients.client(realmID: realm.id, clientID: clientID, logger: logger)
        else { return .errorPage("Client not found.") }
        guard client.enabled, !client.bearerOnly else { return .errorPage("Client disabled or bearer-only.") }
        let matcher = RedirectURIMatcher(registered: client.redirectURIs, rootURL: client.rootURL)
        let redirectURI: String
        if let given = parameters["redirect_uri"] {
            guard matcher.allows(given) else { return .errorPage("Invalid parameter: redirect_uri") }
            redirectURI = given
        } else if matcher.registered.count == 1, !matcher.registered[0].hasSuffix("*"), RedirectURIMatcher.isWellFormed(matcher.registered[0]) {
            redirectURI = matcher.registered[0]
        } else {
            return .errorPage("Invalid parameter: redirect_uri")
        }
        let modeText = parameters["response_mode"] ?? "query"
        guard let mode = ResponseMode(rawValue: modeText) else { return .errorPage("Invalid parameter: response_mode") }
        let state = parameters["state"]
        func fail(_ error: String, _ description: String) -> Outcome {
            var fields = [("error", error), ("error_description", description)]
            if let state, state.utf8.count <= 4096 { fields.append(("state", state)) }
            return .redirect(AuthorizationAnswer(redirectURI: redirectURI, mode: mode, parameters: fields))
        }
        if let state, state.utf8.count > 4096 { return fail("invalid_request", "Invalid parameter: state") }
        guard let responseType = parameters["response_type"] else { return fail("invalid_request", "Missing parameter: response_type") }
        guard responseType == "code" else {
            return fail("unsupported_response_type", "Client is not allowed to initiate browser login with given response_type.")
        }
        guard client.standardFlowEnabled else {
            return fail("unauthorized_client", "Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.")
        }
        let scope: String
        do { scope = try Scope.grant(parameters["scope"]) } catch let error as IdentityError { return fail("invalid_scope", error.reason) }
        let challenge = parameters["code_challenge"]
        let method = parameters["code_challenge_method"]
        if let method, method != "S256" { return fail("invalid_request", "Invalid parameter: code_challenge_method") }
        if client.requiredPKCEMethod != nil, challenge == nil { return fail("invalid_request", "Missing parameter: code_challenge") }
        if let challenge {
            guard method == "S256" else { return fail("invalid_request", "Invalid parameter: code_challenge_method") }
            guard PKCE.isWellFormed(challenge) else { return fail("invalid_request", "Invalid parameter: code_challenge") }
        }
        let prompt = Set((parameters["prompt"] ?? "").split(separator: " ").map(String.init))
        if prompt.contains("none"), prompt.count > 1 { return fail("invalid_request", "Invalid parameter: prompt") }
        var maxAge: Int?
        if let text = parameters["max_age"] {
            guard let value = Int(text), value >= 0 else { return fail("invalid_request", "Invalid parameter: max_age") }
            maxAge = value
        }
        if let nonce = parameters["nonce"], nonce.utf8.count > 2048 { return fail("invalid_request", "Invalid parameter: nonce") }
        let hint = parameters["login_hint"].map { String($0.prefix(255)) }
        return .valid(AuthorizationRequest(client: client, redirectURI: redirectURI, scope: scope, state: state, nonce: parameters["nonce"],
                                           codeChallenge: challenge, codeChallengeMethod: challenge == nil ? nil : "S256",
                                           prompt: prompt, maxAge: maxAge, loginHint: hint, responseMode: mode))
    }
}
