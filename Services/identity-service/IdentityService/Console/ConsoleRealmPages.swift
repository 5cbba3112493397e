import Foundation
import Hummingbird
import Logging
import ServiceSupport

/// Realm settings, signing keys, and creating, importing and exporting realms — through
/// ``RealmAdmin``, ``SigningKeyRing`` and ``RealmExporter``.
struct ConsoleRealmPages: Sendable {
    let flows: IdentityFlows
    let themes: [String]
    var realms: RealmAdmin { RealmAdmin(flows: flows) }

    /// Whole seconds fields of the settings form, with their range.
    static let numbers: [(key: String, range: ClosedRange<Int>)] = [
        ("accessTokenLifespan", 10...86_400), ("ssoSessionIdleTimeout", 60...2_592_000), ("ssoSessionMaxLifespan", 60...31_536_000),
        ("accessCodeLifespan", 10...3600), ("accessCodeLifespanLogin", 60...86_400), ("failureFactor", 1...1000),
        ("waitIncrementSeconds", 0...86_400), ("maxFailureWaitSeconds", 0...2_592_000), ("minimumQuickLoginWaitSeconds", 0...86_400),
        ("quickLoginCheckMilliSeconds", 0...60_000), ("maxDeltaTimeSeconds", 0...2_592_000),
    ]
    /// Switches of the settings form.
    static let switches = ["loginWithEmailAllowed", "revokeRefreshToken", "bruteForceProtected", "permanentLockout", "eventsEnabled", "adminEventsEnabled"]

    func register(on router: some RouterMethods<ServiceRequestContext>, console: ConsoleRoutes) {
        let base = "admin/console/realms/:realm"
        router.get("\(base)/settings", use: console.page(.viewRealm, section: "settings", settings))
        router.post("\(base)/settings", use: console.page(.viewRealm, section: "settings", save))
        router.get("\(base)/keys", use: console.page(.viewRealm, section: "keys", keys))
        router.post("\(base)/keys", use: console.page(.viewRealm, section: "keys", rotate))
        router.get("\(base)/realms", use: console.page(.global, section: "realms", realmList))
        router.post("\(base)/realms", use: console.page(.global, section: "realms", create))
        router.post("\(base)/import", use: console.page(.global, section: "realms", maxBody: AdminRequest.maximumBody, importRealm))
        router.get("\(base)/export", use: console.page(.global, section: "realms", export))
        ConsoleActivityPages(flows: flows).register(on: router, console: console, base: base)
    }

    func settings(_ page: ConsolePage) async throws -> ConsoleResult {
        .page("realm-settings", title: "Realm settings", section: "settings", values: values(page.realm))
    }

    func save(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        let headers = Self.headerFields(page)
        var json: [String: Any] = ["displayName": page.field("displayName"), "enabled": page.flag("enabled"), "browserSecurityHeaders": headers]
        do {
            if let invalid = BrowserSecurityHeaders.headers.first(where: { headers[$0.key].flatMap(BrowserSecurityHeaders.problem) != nil }) {
                throw IdentityError(.invalidRequest, "Check the \(invalid.name) header.")
            }
            for (key, range) in Self.numbers {
                guard let number = Int(page.field(key)), range.contains(number) else {
                    throw IdentityError(.invalidRequest, "\(key) must be a whole number between \(range.lowerBound) and \(range.upperBound).")
                }
                json[key] = number
            }
            for key in Self.switches { json[key] = page.flag(key) }
            let theme = page.field("loginTheme")
            json["loginTheme"] = themes.contains(theme) ? theme : ThemeRenderer.defaultTheme
            json["passwordPolicy"] = page.field("passwordPolicy", limit: 1000)
            if page.realm.name == MasterRealmBootstrap.realmName, !page.flag("enabled") {
                throw IdentityError(.invalidRequest, "The master realm cannot be disabled.")
            }
            try await realms.update(page.realm, json: json, logger: page.logger)
        } catch let error as IdentityError where error.code == .invalidRequest || error.code == .policy {
            var values = values(page.realm, headers: headers)
            for (key, value) in json where key != "browserSecurityHeaders" { values[key] = value }
            values["error"] = error.reason == "Invalid realm representation" ? "Invalid settings." : error.reason
            return .page("realm-settings", title: "Realm settings", section: "settings", values: values, status: .badRequest)
        }
        return .redirect("\(page.realmBase)/settings", notice: "saved")
    }

    /// The security-header fields the form posted, by representation key (ends trimmed; at
    /// most one character past the limit, so a long value is refused, not cut).
    static func headerFields(_ page: ConsolePage) -> [String: String] {
        var fields: [String: String] = [:]
        for header in BrowserSecurityHeaders.headers where page.form["header-\(header.key)"] != nil {
            fields[header.key] = page.field("header-\(header.key)", limit: BrowserSecurityHeaders.maximumLength + 1)
        }
        return fields
    }

    /// Form values; `headers` are posted header values shown again with their problems.
    private func values(_ realm: Realm, headers posted: [String: String]? = nil) -> [String: Any] {
        var values = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(realm.settings)) as? [String: Any]) ?? [:]
        values["securityHeaders"] = BrowserSecurityHeaders.headers.map { header -> [String: Any] in
            let value = posted?[header.key] ?? realm.settings.browserSecurityHeaders[header.key] ?? ""
            var row: [String: Any] = ["key": header.key, "name": header.name, "value": value]
            // `false`, not absent: Mustache would otherwise look `problem` up in the enclosing values.
            row["problem"] = BrowserSecurityHeaders.problem(with: value).map { "\(header.name): \($0)." as Any } ?? false
            return row
        }
        values["displayName"] = realm.displayName ?? ""
        values["enabled"] = realm.enabled
        values["passwordPolicy"] = realm.settings.passwordPolicy ?? ""
        values["themes"] = themes.sorted().map { ["name": $0, "selected": $0 == (realm.settings.loginTheme ?? ThemeRenderer.defaultTheme)] }
        return values
    }

    func keys(_ page: ConsolePage) async throws -> ConsoleResult {
        let published = try await flows.keys.jwks(realmID: page.realm.id, logger: page.logger)
        let records = try await flows.stores.signingKeys.keys(realmID: page.realm.id, retiredAfter: Date().addingTimeInterval(-86_400 * 30), logger: page.logger)
        let rows: [[String: Any]] = records.sorted { $0.createdAt > $1.createdAt }.map { record in
            ["kid": record.kid, "algorithm": record.algorithm, "created": ConsoleFormat.time(record.createdAt),
             "use": record.algorithm == "RS256" ? "Access and ID tokens" : "Refresh, SSO and action tokens",
             "retired": ConsoleFormat.time(record.retiredAt), "active": record.retiredAt == nil, "published": published.contains { $0["kid"] == record.kid }]
        }
        return .page("keys", title: "Keys", section: "keys", values: ["keys": rows])
    }

    func rotate(_ page: ConsolePage) async throws -> ConsoleResult {
        try page.require(.manageRealm)
        try await flows.keys.rotate(realmID: page.realm.id, logger: page.logger)
        await UserAdmin(flows: flows).adminEvent(page.realm, "ACTION", "keys/rotate", logger: page.logger)
        return .redirect("\(page.realmBase)/keys", notice: "rotated")
    }

    func realmList(_ page: ConsolePage) async throws -> ConsoleResult {
        let all = try await flows.stores.realms.realms(logger: page.logger).sorted { $0.name < $1.name }
        let rows: [[String: Any]] = all.map { ["name": $0.name, "displayName": $0.displayName ?? "", "enabled": $0.enabled,
                                               "path": "\(page.base)/realms/\(ConsoleURL.segment($0.name))"] }
        return .page("realms", title: "Realms", section: "realms", values: ["realmRows": rows])
    }

    func create(_ page: ConsolePage) async throws -> ConsoleResult {
        let name = page.field("name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw IdentityError(.invalidRequest, "A realm name uses letters, digits, '-', '_' and '.'.")
        }
        let json: [String: Any] = ["realm": name, "enabled": true, "displayName": page.field("displayName")]
        let created = try await realms.create(try JSONSerialization.data(withJSONObject: json), logger: page.logger)
        await UserAdmin(flows: flows).adminEvent(try await realms.realm(named: created, logger: page.logger), "CREATE", "", logger: page.logger)
        return .redirect("\(page.base)/realms/\(ConsoleURL.segment(created))/settings", notice: "created")
    }

    func importRealm(_ page: ConsolePage) async throws -> ConsoleResult {
        let text = page.form["file"] ?? ""
        guard !text.isEmpty else { throw IdentityError(.invalidRequest, "Choose a realm file (Keycloak realm-export JSON).") }
        let created = try await realms.create(Data(text.utf8), logger: page.logger)
        await UserAdmin(flows: flows).adminEvent(try await realms.realm(named: created, logger: page.logger), "CREATE", "", logger: page.logger)
        return .redirect("\(page.base)/realms/\(ConsoleURL.segment(created))/users", notice: "imported")
    }

    func export(_ page: ConsolePage) async throws -> ConsoleResult {
        let data = try await RealmExporter(stores: flows.stores).export(realmNamed: page.realm.name, logger: page.logger)
        await UserAdmin(flows: flows).adminEvent(page.realm, "ACTION", "partial-export", logger: page.logger)
        let name = ConsoleURL.segment(page.realm.name)
        return .response(Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store",
                                                         .contentDisposition: "attachment; filename=\"realm-\(name).json\""],
                                  body: .init(byteBuffer: ByteBuffer(bytes: data))))
    }
}
