import Foundation

extension GatewayConfiguration {
    /// The default routing table: `/auth` → identity (prefix kept), `/pacs` → archive (prefix
    /// stripped, bearer token), `/pacs-admin` → archive admin UI (login session), `/` → viewer.
    public func routeTable() -> RouteTable {
        let identity = Self.segments(identityPrefix)
        return RouteTable([
            GatewayRoute(
                name: "auth", prefix: identity, target: .identity, upstreamPrefix: identityStripsPrefix ? [] : identity,
                access: .open, maximumBodySize: identityMaximumBody, cors: cors["auth"]),
            GatewayRoute(
                name: "pacs", prefix: Self.segments(pacsPrefix), target: .pacs, upstreamPrefix: [],
                access: .bearer(pacsRequirement), maximumBodySize: pacsMaximumBody, cors: cors["pacs"]),
            GatewayRoute(
                name: "pacs-admin", prefix: Self.segments(adminPrefix), target: .pacs, upstreamPrefix: Self.segments(adminUpstreamPath),
                access: .session(pacsRequirement), maximumBodySize: adminMaximumBody),
            GatewayRoute(name: "viewer", prefix: [], target: .viewer, upstreamPrefix: [], access: .open, maximumBodySize: 0, cors: cors["viewer"]),
        ])
    }

    /// The viewer's files plus the generated `app-config.js` and logout page.
    func viewerFiles() throws -> ViewerFiles {
        try ViewerFiles(
            root: viewerRoot,
            assetPrefixes: viewerAssetPrefixes,
            generated: [
                "/app-config.js": ViewerPages.appConfig(
                    publicURL: server.publicURL, realm: realm, clientID: viewerClientID, pacsPrefix: pacsPrefix, identityPrefix: identityPrefix),
                ViewerPages.logoutPath: ViewerPages.logoutPage(),
            ],
            landingPage: ViewerPages.landingPage(realm: realm, identityPrefix: identityPrefix, adminPrefix: adminPrefix)
        )
    }

    static func segments(_ prefix: String) -> [String] {
        prefix.split(separator: "/").map(String.init)
    }
}
