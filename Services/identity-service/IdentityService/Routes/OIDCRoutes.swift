import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceSupport

/// Keycloak's OIDC endpoints under `/realms/{realm}`: discovery, JWKS, realm info, token,
/// userinfo, introspection, revocation and the refresh-token logout POST.
struct OIDCRoutes {
    let flows: IdentityFlows

    /// Adds the routes to a router or group.
    func register(on router: some RouterMethods<ServiceRequestContext>) {
        router.get("realms/:realm", use: realmInfo)
        router.get("realms/:realm/.well-known/openid-configuration", use: discovery)
        router.get("realms/:realm/protocol/openid-connect/certs", use: certs)
        router.post("realms/:realm/protocol/openid-connect/token", use: token)
        router.get("realms/:realm/protocol/openid-connect/userinfo", use: userinfo)
        router.post("realms/:realm/protocol/openid-connect/userinfo", use: userinfo)
        router.post("realms/:realm/protocol/openid-connect/token/introspect", use: introspect)
        router.post("realms/:realm/protocol/openid-connect/revoke", use: revoke)
        for path in ["token", "userinfo", "token/introspect", "revoke", "logout", "certs"] {
            router.on("realms/:realm/protocol/openid-connect/\(path)", method: .options, use: CORS.preflight)
        }
        router.on("realms/:realm/.well-known/openid-configuration", method: .options, use: CORS.preflight)
    }

    func realm(_ context: ServiceRequestContext) async throws -> Realm {
        try await flows.realm(named: try context.parameters.require("realm"), logger: context.logger)
    }

    /// The realm, after its `sslRequired` check (token, userinfo, introspection and revocation endpoints).
    func securedRealm(_ request: Request, _ context: ServiceRequestContext) async throws -> Realm {
        let realm = try await realm(context)
        try HTTPHelpers.requireSSL(realm, request, context: context)
        return realm
    }

    /// Keycloak's `GET /realms/{realm}`: the public key python-keycloak's `public_key()` reads.
    func realmInfo(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await realm(context)
        let issuer = flows.issuer.issuer(for: realm)
        return try HTTPHelpers.json([
            "realm": realm.name,
            "public_key": try await flows.keys.activePublicKey(realmID: realm.id, logger: context.logger),
            "token-service": "\(issuer)/protocol/openid-connect",
            "account-service": "\(issuer)/account",
            "tokens-not-before": 0,
        ])
    }

    /// OpenID Connect Discovery 1.0 §4.
    func discovery(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await realm(context)
        var headers = CORS.publicHeaders(request)
        headers[.cacheControl] = "no-cache"
        return try HTTPHelpers.json(DiscoveryDocument.make(issuer: flows.issuer.issuer(for: realm)), headers: headers)
    }

    /// RFC 7517 JWK Set: the active key and retired keys still in use.
    func certs(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await realm(context)
        var headers = CORS.publicHeaders(request)
        headers[.cacheControl] = "no-cache"
        return try HTTPHelpers.json(["keys": try await flows.keys.jwks(realmID: realm.id, logger: context.logger)], headers: headers)
    }

    /// RFC 6749 §3.2.
    func token(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await securedRealm(request, context)
        let form = try await HTTPHelpers.form(request)
        let credentials = try ClientCredentials.parse(authorization: request.headers[.authorization], form: form)
        let response = try await flows.token.token(realm: realm, credentials: credentials, form: form,
                                                   ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
        var headers = try await corsHeaders(request, realm: realm, clientID: credentials.clientID, logger: context.logger)
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        return HTTPHelpers.json(bytes: response.jsonBytes(), headers: headers)
    }

    /// OIDC Core §5.3; the token comes from `Authorization: Bearer` or a POSTed `access_token`.
    func userinfo(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await securedRealm(request, context)
        var token = HTTPHelpers.bearerToken(request)
        if token == nil, request.method == .post { token = try await HTTPHelpers.form(request)["access_token"] }
        guard let token else { throw IdentityError(.invalidToken, "Token not provided") }
        let info = try await flows.inspection.userinfo(realm: realm, accessToken: token, logger: context.logger)
        let claims = try await flows.keys.verify(token, realmID: realm.id, logger: context.logger)
        return try HTTPHelpers.json(info, headers: CORS.headers(request, allowed: claims.allowedOrigins ?? []))
    }

    /// RFC 7662 §2.
    func introspect(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await securedRealm(request, context)
        let form = try await HTTPHelpers.form(request)
        let credentials = try ClientCredentials.parse(authorization: request.headers[.authorization], form: form)
        let answer = try await flows.inspection.introspect(realm: realm, credentials: credentials, token: form["token"], logger: context.logger)
        return HTTPHelpers.json(bytes: answer.jsonBytes())
    }

    /// RFC 7009 §2.
    func revoke(request: Request, context: ServiceRequestContext) async throws -> Response {
        let realm = try await securedRealm(request, context)
        let form = try await HTTPHelpers.form(request)
        let credentials = try ClientCredentials.parse(authorization: request.headers[.authorization], form: form)
        try await flows.inspection.revoke(realm: realm, credentials: credentials, token: form["token"],
                                          ipAddress: HTTPHelpers.clientAddress(request), logger: context.logger)
        var headers = try await corsHeaders(request, realm: realm, clientID: credentials.clientID, logger: context.logger)
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers)
    }

    /// CORS headers for a client's allowed web origins.
    func corsHeaders(_ request: Request, realm: Realm, clientID: String, logger: Logger) async throws -> HTTPFields {
        guard request.headers[CORS.origin] != nil,
              let client = try await flows.stores.clients.client(realmID: realm.id, clientID: clientID, logger: logger) else { return [:] }
        return CORS.headers(request, allowed: TokenIssuer.allowedOrigins(client))
    }
}
