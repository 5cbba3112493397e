import Hummingbird

/// Every route of pacs-service beyond health, wired to its flows.
struct PACSRoutes: Sendable {
    let configuration: PACSConfiguration
    let blobs: FileBlobStore
    let index: PostgresInstanceIndex
    let authenticator: (any BearerAuthenticating)?

    /// Adds the routes.
    /// - Throws: When the admin UI's bundled templates cannot be loaded.
    func register<Context: RequestContext>(on router: Router<Context>) throws {
        router.add(middleware: CORSPolicyMiddleware<Context>(origins: configuration.corsOrigins))
        router.add(middleware: AuthorizationMiddleware<Context>(authenticator: authenticator, realm: configuration.auth.realm))
        let baseURL = PublicBaseURL(trustForwardedHeaders: configuration.trustForwardedHeaders, publicURL: configuration.server.publicURL)
        let ingest = IngestFlow(blobs: blobs, index: index, policy: configuration.duplicatePolicy, maxInstanceBytes: configuration.maxInstanceBytes)
        let store = StoreRoutes<Context>(ingest: ingest, baseURL: baseURL, maxParts: configuration.maxParts)
        store.register(on: router)
        let search = SearchRoutes<Context>(index: index, baseURL: baseURL, defaultLimit: configuration.qidoDefaultLimit,
                                           maxLimit: configuration.qidoMaxLimit)
        search.register(on: router)
        RetrieveRoutes<Context>(locator: index, flow: RetrieveFlow(blobs: blobs), baseURL: baseURL).register(on: router)
        WADOURIRoutes<Context>(locator: index, flow: RetrieveFlow(blobs: blobs)).register(on: router)
        let delete = DeleteRoutes<Context>(index: index, blobs: blobs)
        delete.register(on: router)
        FrameRoutes<Context>(locator: index, blobs: blobs).register(on: router)
        BulkDataRoutes<Context>(locator: index, blobs: blobs).register(on: router)
        let rendered = RenderedRoutes<Context>(locator: index, blobs: blobs)
        rendered.register(on: router)
        AdminRoutes<Context>(
            pages: try AdminPages.bundled(), index: index, locator: index, statistics: PostgresAdminStatistics(client: index.client), blobs: blobs,
            store: store, search: search, rendered: rendered, delete: delete, baseURL: baseURL,
            trustForwarded: configuration.trustForwardedHeaders, authEnabled: configuration.auth.enabled
        ).register(on: router)
    }
}
