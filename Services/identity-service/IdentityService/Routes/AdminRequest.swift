import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// Shared parsing for admin handlers: authorization, the target realm, JSON bodies, paging.
struct AdminRequest {
    let authorizer: AdminAuthorizer
    let realms: RealmAdmin

    /// Largest admin JSON body (a realm import may be big).
    static let maximumBody = 8 * 1024 * 1024

    /// Authorizes the call and loads the `:realm` of the path.
    func realm(_ request: Request, _ context: ServiceRequestContext, _ permission: AdminPermission) async throws -> Realm {
        let name = try context.parameters.require("realm")
        _ = try await authorizer.authorize(token: HTTPHelpers.bearerToken(request), targetRealm: name, permission: permission, logger: context.logger)
        return try await realms.realm(named: name, logger: context.logger)
    }

    /// Authorizes a call that needs a master admin.
    func global(_ request: Request, _ context: ServiceRequestContext) async throws {
        _ = try await authorizer.authorize(token: HTTPHelpers.bearerToken(request), targetRealm: nil, permission: .global, logger: context.logger)
    }

    /// The body bytes, at most ``maximumBody``.
    static func body(_ request: Request) async throws -> Data {
        do {
            let buffer = try await request.body.collect(upTo: maximumBody)
            return Data(buffer.readableBytesView)
        } catch {
            throw IdentityError(.invalidRequest, "Request body too large")
        }
    }

    /// Decodes a JSON body.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: try await body(request))
        } catch let error as IdentityError {
            throw error
        } catch {
            throw IdentityError(.invalidRequest, "Invalid JSON: \(RealmRepresentation.describe(error))")
        }
    }

    /// `first` and `max` query parameters (defaults 0 and 100, max capped at 1000).
    static func paging(_ request: Request, defaultMax: Int = 100) -> (first: Int, max: Int) {
        let first = request.uri.queryParameters.get("first", as: Int.self).map { Swift.max(0, $0) } ?? 0
        let max = request.uri.queryParameters.get("max", as: Int.self).map { Swift.min(Swift.max(0, $0), 1000) } ?? defaultMax
        return (first, max)
    }

    /// 201 Created with `Location` = this request's path + `/id`.
    static func created(_ request: Request, id: String) -> Response {
        let path = request.uri.path.hasSuffix("/") ? String(request.uri.path.dropLast()) : request.uri.path
        return Response(status: .created, headers: [.location: "\(path)/\(id)"])
    }

    /// 204 No Content.
    static var noContent: Response { Response(status: .noContent) }
}
