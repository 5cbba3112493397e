import Hummingbird
import ServiceSupport

extension GatewayError: HTTPResponseError {
    /// The one place gateway errors become statuses.
    public var status: HTTPResponse.Status {
        switch code {
        case .badRequest: .badRequest
        case .invalidToken: .unauthorized
        case .insufficientRole: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .payloadTooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .badGateway: .badGateway
        case .unavailable: .serviceUnavailable
        case .timeout: .gatewayTimeout
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [:]
        if code == .invalidToken || code == .insufficientRole {
            // RFC 6750 §3: the challenge, with an error code only when credentials were sent.
            var challenge = #"Bearer realm="tessera""#
            if let bearerError {
                challenge += #", error="\#(bearerError)", error_description="\#(Self.quotable(reason))""#
            }
            headers[.wwwAuthenticate] = challenge
        }
        if code == .methodNotAllowed { headers[.allow] = "GET, HEAD" }
        if code == .rateLimited { headers[.retryAfter] = "1" }
        return try APIError(status, code: code.rawValue, reason: reason, headers: headers).response(from: request, context: context)
    }

    /// RFC 6750 §3: `error_description` is limited to %x20-21 / %x23-5B / %x5D-7E.
    static func quotable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            (0x20...0x7E).contains(scalar.value) && scalar != "\"" && scalar != "\\"
        }))
    }
}
