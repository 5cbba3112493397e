import Hummingbird
import ServiceSupport

/// All of identity-service's routes, served both at Keycloak's paths (`/realms/…`,
/// `/admin/…`) and under the `/auth` prefix the gateway and older Keycloak clients use.
public struct IdentityRoutes: Sendable {
    let flows: IdentityFlows
    let themes: ThemeRenderer
    let consoleOrigins: [String]

    /// Creates the routes.
    /// - Parameter consoleOrigins: Trusted origins the consoles' clients may redirect to (default `PUBLIC_URL`).
    public init(flows: IdentityFlows, themes: ThemeRenderer, consoleOrigins: [String]? = nil) {
        self.flows = flows
        self.themes = themes
        self.consoleOrigins = consoleOrigins ?? [flows.issuer.publicURL]
    }

    /// Adds every route and the security-header middleware.
    public func register(on router: Router<ServiceRequestContext>) {
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: CacheFlushMiddleware(cache: flows.stores.cache))
        registerAll(on: router)
        registerAll(on: router.group("auth"))
    }

    private func registerAll(on router: some RouterMethods<ServiceRequestContext>) {
        let authorization = AuthorizationFlow(stores: flows.stores, keys: flows.keys, issuer: flows.issuer, events: flows.events, hasher: flows.hasher)
        let pages = PageResponder(themes: themes, issuer: flows.issuer)
        OIDCRoutes(flows: flows).register(on: router)
        LoginRoutes(flows: flows, authorization: authorization, validator: AuthorizationValidator(clients: flows.stores.clients), pages: pages)
            .register(on: router)
        LogoutRoutes(flows: flows, logout: LogoutFlow(stores: flows.stores, keys: flows.keys, issuer: flows.issuer, events: flows.events),
                     authorization: authorization, pages: pages).register(on: router)
        let admin = AdminRequest(authorizer: AdminAuthorizer(flows: flows), realms: RealmAdmin(flows: flows))
        AdminRealmRoutes(admin: admin, realms: RealmAdmin(flows: flows)).register(on: router)
        AdminUserRoutes(admin: admin, users: UserAdmin(flows: flows), mappings: RoleMappingAdmin(flows: flows), clients: ClientAdmin(flows: flows))
            .register(on: router)
        AdminClientRoutes(admin: admin, clients: ClientAdmin(flows: flows), roles: RoleAdmin(flows: flows)).register(on: router)
        AdminRoleRoutes(admin: admin, roles: RoleAdmin(flows: flows)).register(on: router)
        AdminScopeMappingRoutes(admin: admin, clients: ClientAdmin(flows: flows), mappings: RoleMappingAdmin(flows: flows)).register(on: router)
        AdminSessionRoutes(admin: admin, clients: ClientAdmin(flows: flows), flows: flows).register(on: router)
        AdminGroupRoutes(admin: admin, groups: GroupAdmin(flows: flows), mappings: RoleMappingAdmin(flows: flows)).register(on: router)
        let consoleClients = ConsoleClients(stores: flows.stores, origins: consoleOrigins)
        ConsoleRoutes(flows: flows, renderer: .shared, pages: pages, clients: consoleClients).register(on: router)
        AccountRoutes(flows: flows, renderer: .shared, pages: pages, clients: consoleClients).register(on: router)
    }
}
