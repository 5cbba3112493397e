import Hummingbird

/// Every route of pacs-service beyond health, wired to its flows.
struct PACSRoutes: Sendable {
    let configuration: PACSConfiguration
    let blobs: FileBlobStore
    let index: PostgresInstanceIndex
    let authenticator: (any BearerAuthenticating)?

    /// Adds the routes.
    func register<Context: RequestContext>(on router: Router<Context>) {
        router.add(middleware: CORSPolicyMiddleware<Context>(origins: configuration.corsOrigins))
        router.add(middleware: AuthorizationMiddleware<Context>(authenticator: authenticator, realm: configuration.auth.realm))
        let baseURL = PublicBaseURL(trustForwardedHeaders: configuration.trustForwardedHeaders, publicURL: configuration.server.publicURL)
        let ingest = IngestFlow(blobs: blobs, index: index, policy: configuration.duplicatePolicy, maxInstanceBytes: configuration.maxInstanceBytes)
        StoreRoutes<Context>(ingest: ingest, baseURL: baseURL, maxParts: configuration.maxParts).register(on: router)
        SearchRoutes<Context>(index: index, baseURL: baseURL, defaultLimit: configuration.qidoDefaultLimit,
                              maxLimit: configuration.qidoMaxLimit).register(on: router)
        RetrieveRoutes<Context>(locator: index, flow: RetrieveFlow(blobs: blobs), baseURL: baseURL).register(on: router)
        WADOURIRoutes<Context>(locator: index, flow: RetrieveFlow(blobs: blobs)).register(on: router)
        DeleteRoutes<Context>(index: index, blobs: blobs).register(on: router)
        FrameRoutes<Context>(locator: index, blobs: blobs).register(on: router)
        RenderedRoutes<Context>(locator: index, blobs: blobs).register(on: router)
    }
}
