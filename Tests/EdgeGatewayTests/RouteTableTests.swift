@testable import TokenTestSupport
import ServiceSupport
import Testing
@testable import EdgeGateway

/// The default routing table.
@Suite struct RouteTableTests {
    func table(_ environment: [String: String] = [:]) throws -> RouteTable {
        let config = ConfigValues(environment: environment)
        return try GatewayConfiguration(config: config, server: ServerSettings(config: config, defaultPort: 8080)).routeTable()
    }

    func route(_ raw: String, in table: RouteTable) throws -> (String, String) {
        let path = try NormalizedPath(target: raw)
        let route = try #require(table.route(for: path))
        return (route.name, route.upstreamPath(for: path).encodedTarget)
    }

    @Test func defaultRoutesMapPathsAsDocumented() throws {
        let table = try table()
        #expect(try route("/auth/realms/ohif/protocol/openid-connect/token", in: table) == ("auth", "/auth/realms/ohif/protocol/openid-connect/token"))
        #expect(try route("/pacs/dicom-web/studies?limit=1", in: table) == ("pacs", "/dicom-web/studies?limit=1"))
        #expect(try route("/pacs", in: table) == ("pacs", "/"))
        #expect(try route("/pacs-admin/", in: table) == ("pacs-admin", "/admin/"))
        #expect(try route("/pacs-admin/studies/1", in: table) == ("pacs-admin", "/admin/studies/1"))
        #expect(try route("/pacsx/a", in: table).0 == "viewer")
        #expect(try route("/viewer/123", in: table).0 == "viewer")
        #expect(try route("/%70acs/dicom-web", in: table).0 == "pacs")
        #expect(try route("/auth/..%2fpacs/dicom-web", in: table).0 == "pacs")
    }

    @Test func onlyThePACSRouteTakesBearerTokensAndTheAdminRouteASession() throws {
        let table = try table(["GATEWAY_PACS_REQUIRED_ROLES": "pacs-read, pacs-write"])
        for route in table.routes {
            switch (route.name, route.access) {
            case ("pacs", .bearer(let requirement)): #expect(requirement.realmRoles == ["pacs-read", "pacs-write"])
            case ("pacs-admin", .session): break
            case ("auth", .open), ("viewer", .open): break
            default: Issue.record("unexpected access for \(route.name)")
            }
        }
    }

    @Test func prefixesAreConfigurable() throws {
        let table = try table(["GATEWAY_PACS_PREFIX": "/archive/", "GATEWAY_IDENTITY_STRIP_PREFIX": "true"])
        #expect(try route("/archive/dicom-web", in: table) == ("pacs", "/dicom-web"))
        #expect(try route("/auth/realms/ohif", in: table) == ("auth", "/realms/ohif"))
        #expect(try route("/pacs/dicom-web", in: table).0 == "viewer")
    }
}
