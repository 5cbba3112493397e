import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// The one place where ``IdentityError`` codes become HTTP statuses and bodies.
extension IdentityError: HTTPResponseError {
    /// RFC 6749 §5.2: 400 for most errors, 401 for `invalid_client` and `invalid_token`.
    public var status: HTTPResponse.Status {
        switch code {
        case .invalidRequest, .invalidGrant, .unauthorizedClient, .unsupportedGrantType, .invalidScope,
             .unsupportedTokenType, .policy, .notAllowed:
            .badRequest
        case .invalidClient, .invalidToken, .invalidUserCredentials: .unauthorized
        case .forbidden, .httpsRequired: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        }
    }

    /// JSON `{"error","error_description"}`; admin errors also carry Keycloak's `errorMessage`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if code == .invalidClient, request.headers[.authorization] != nil {
            headers[.wwwAuthenticate] = "Basic realm=\"identity\""
        } else if code == .invalidToken {
            headers[.wwwAuthenticate] = "Bearer error=\"invalid_token\""
        }
        let error = switch code {
        case .invalidUserCredentials: IdentityError.Code.invalidGrant.rawValue
        case .httpsRequired: IdentityError.Code.invalidRequest.rawValue
        default: code.rawValue
        }
        var body: [String: String] = ["error": messageKey ?? error, "error_description": reason]
        if [.conflict, .notFound, .forbidden, .policy].contains(code) { body["errorMessage"] = reason }
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
