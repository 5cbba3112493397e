import Hummingbird
import ServiceSupport

/// The one place where ``PACSError`` codes become HTTP statuses.
extension PACSError: HTTPResponseError {
    /// The HTTP status of each code.
    public var status: HTTPResponse.Status {
        switch code {
        case .badRequest: .badRequest
        case .unsupportedMediaType: .unsupportedMediaType
        case .notAcceptable: .notAcceptable
        case .notFound: .notFound
        case .tooLarge: .contentTooLarge
        case .conflict: .conflict
        default: .internalServerError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let answer = status == .internalServerError ? "internal storage error" : reason
        return try APIError(status, code: code.name, reason: answer).response(from: request, context: context)
    }
}
