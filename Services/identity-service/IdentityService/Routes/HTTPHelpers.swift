import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// Small helpers the route files share: JSON answers, form bodies, realm lookup.
enum HTTPHelpers {
    /// Largest form or JSON body accepted.
    static let maximumBody = 256 * 1024

    /// A JSON response from a JSONSerialization-compatible object.
    static func json(_ object: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return bytes(data, status: status, headers: headers)
    }

    /// A JSON response from an Encodable value.
    static func json(encoding value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return bytes(try encoder.encode(value), status: status, headers: headers)
    }

    /// A JSON response from JSON text already encoded (the token endpoint's hot paths).
    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        self.bytes(bytes, status: status, headers: headers)
    }

    private static func bytes(_ data: some Sequence<UInt8>, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        if fields[.cacheControl] == nil { fields[.cacheControl] = "no-store" }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request body as text, at most ``maximumBody`` bytes.
    /// - Throws: ``IdentityError`` `.invalidRequest` when larger or not UTF-8.
    static func bodyText(_ request: Request) async throws -> String {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBody)
        } catch {
            throw IdentityError(.invalidRequest, "Request body too large")
        }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw IdentityError(.invalidRequest, "Request body is not UTF-8")
        }
        return text
    }

    /// The form parameters of a POST (`application/x-www-form-urlencoded`) or of the query.
    /// - Throws: ``IdentityError`` `.invalidRequest` for a malformed or oversized form.
    static func form(_ request: Request) async throws -> [String: String] {
        if request.method == .post {
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
                throw IdentityError(.invalidRequest, "Content-Type must be application/x-www-form-urlencoded")
            }
            return try FormDecoding.parameters(try await bodyText(request))
        }
        return try query(request)
    }

    /// The query parameters, single-valued.
    /// - Throws: ``IdentityError`` `.invalidRequest` for a repeated parameter.
    static func query(_ request: Request) throws -> [String: String] {
        guard let query = request.uri.query, query.utf8.count <= 16_384 else { return [:] }
        return try FormDecoding.parameters(query)
    }

    /// Caller address for events: the last `X-Forwarded-For` hop (added by the gateway), else nil.
    static func clientAddress(_ request: Request) -> String? {
        guard let forwarded = request.headers[.xForwardedFor] else { return nil }
        return forwarded.split(separator: ",").last.map { String($0.trimmingCharacters(in: .whitespaces).prefix(64)) }
    }

    /// How the request reached the stack: over HTTPS or not, and from which client address.
    /// `X-Forwarded-Proto`/`X-Forwarded-For` (set by the gateway) count only when the TCP peer
    /// itself is local or private, so a client on the internet cannot claim to be local.
    static func transport(_ request: Request, context: ServiceRequestContext) -> (secure: Bool, clientAddress: String?) {
        guard let peer = context.peerAddress else { return (false, nil) }
        guard SSLRequirement.isLocal(peer) else { return (false, peer) }
        let proto = request.headers[.xForwardedProto]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased()
        return (proto == "https", clientAddress(request) ?? peer)
    }

    /// Throws "HTTPS required" when the realm's `sslRequired` refuses this request.
    /// - Throws: ``IdentityError`` `.httpsRequired`.
    static func requireSSL(_ realm: Realm, _ request: Request, context: ServiceRequestContext) throws {
        if sslRefused(realm, request, context: context) { throw IdentityError(.httpsRequired, "HTTPS required") }
    }

    /// Whether the realm's `sslRequired` refuses this request (pages answer with an error page).
    static func sslRefused(_ realm: Realm, _ request: Request, context: ServiceRequestContext) -> Bool {
        let transport = transport(request, context: context)
        return SSLRequirement.refuses(mode: realm.settings.sslRequired, secure: transport.secure, clientAddress: transport.clientAddress)
    }

    /// The bearer token of an `Authorization: Bearer` header, or nil.
    static func bearerToken(_ request: Request) -> String? {
        guard let value = request.headers[.authorization], value.count > 7, value.prefix(7).lowercased() == "bearer " else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// `X-Forwarded-Proto`.
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    /// `X-Frame-Options`.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    /// `X-Content-Type-Options`.
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
