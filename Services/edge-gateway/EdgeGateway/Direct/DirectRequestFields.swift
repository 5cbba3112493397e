import NIOHTTP1

/// What the direct path reads of a request's header fields, gathered in one pass over them
/// (a field name is compared only with the names as long as it; six lookups each scanned
/// every field before).
struct DirectRequestFields {
    /// The value of the one `Host` field; nil when there is none or more than one.
    private(set) var host: String?
    /// The value of the one `Authorization` field; nil when there is none or more than one.
    private(set) var authorization: String?
    /// The first `X-Request-Id`.
    private(set) var requestID: String?
    /// A `Content-Length` or `Transfer-Encoding` field is present: the request may have a body.
    private(set) var announcesBody = false
    /// An `Origin` field is present (a CORS request).
    private(set) var hasOrigin = false

    private var hostCount = 0
    private var authorizationCount = 0

    /// Reads `headers`.
    init(_ headers: HTTPHeaders) {
        for (name, value) in headers {
            switch name.utf8.count {
            case 4 where HeaderName.matches(name, "host"):
                hostCount += 1
                host = hostCount == 1 ? value : nil
            case 6 where HeaderName.matches(name, "origin"):
                hasOrigin = true
            case 12 where requestID == nil && HeaderName.matches(name, "x-request-id"):
                requestID = value
            case 13 where HeaderName.matches(name, "authorization"):
                authorizationCount += 1
                authorization = authorizationCount == 1 ? value : nil
            case _ where HeaderName.isFraming(name):
                announcesBody = true
            default:
                break
            }
        }
    }
}
