import Foundation
import Testing

@testable import ServiceSupport

@Suite struct ConfigValuesTests {
    @Test func defaultsApplyWhenUnset() throws {
        let settings = try ServerSettings(config: ConfigValues(environment: [:]), defaultPort: 8042)
        #expect(settings.port == 8042)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.publicURL == "http://localhost:8080")
        #expect(settings.logFormat == .text)
        #expect(settings.shutdownTimeout == .seconds(15))
    }

    @Test func environmentOverridesDefaults() throws {
        let config = ConfigValues(environment: ["HTTP_PORT": "9000", "PUBLIC_URL": "https://imaging.example.org/", "LOG_FORMAT": "JSON"])
        let settings = try ServerSettings(config: config, defaultPort: 8042)
        #expect(settings.port == 9000)
        #expect(settings.publicURL == "https://imaging.example.org")
        #expect(settings.logFormat == .json)
    }

    @Test func badIntegerNamesTheVariable() {
        let config = ConfigValues(environment: ["HTTP_PORT": "eighty"])
        let error = #expect(throws: ConfigurationError.self) { try ServerSettings(config: config, defaultPort: 1) }
        #expect(error?.code == .invalid)
        #expect(error?.description.contains("HTTP_PORT") == true)
        #expect(error?.description.contains("integer") == true)
    }

    @Test func outOfRangeIsRefused() {
        let config = ConfigValues(environment: ["HTTP_PORT": "70000"])
        let error = #expect(throws: ConfigurationError.self) { try ServerSettings(config: config, defaultPort: 1) }
        #expect(error?.description.contains("between 0 and 65535") == true)
    }

    @Test func badChoiceListsAllowedValues() {
        let config = ConfigValues(environment: ["LOG_FORMAT": "xml"])
        let error = #expect(throws: ConfigurationError.self) { try ServerSettings(config: config, defaultPort: 1) }
        #expect(error?.description.contains("LOG_FORMAT") == true)
        #expect(error?.description.contains("text, json") == true)
    }

    @Test func relativePublicURLIsRefused() {
        let config = ConfigValues(environment: ["PUBLIC_URL": "localhost:8080"])
        let error = #expect(throws: ConfigurationError.self) { try ServerSettings(config: config, defaultPort: 1) }
        #expect(error?.description.contains("PUBLIC_URL") == true)
    }

    @Test func booleanForms() throws {
        let key = ConfigurationKey("feature.flag", type: "bool", summary: "test")
        #expect(try ConfigValues(environment: ["FEATURE_FLAG": "yes"]).bool(key, default: false))
        #expect(try !ConfigValues(environment: ["FEATURE_FLAG": "0"]).bool(key, default: true))
        #expect(try ConfigValues(environment: [:]).bool(key, default: true))
        #expect(throws: ConfigurationError.self) { try ConfigValues(environment: ["FEATURE_FLAG": "maybe"]).bool(key, default: true) }
    }

    @Test func requiredStringMissingNamesTheVariable() {
        let key = ConfigurationKey("database.url", type: "url", summary: "test")
        let error = #expect(throws: ConfigurationError.self) { try ConfigValues(environment: [:]).requiredString(key) }
        #expect(error?.code == .missing)
        #expect(error?.description.contains("DATABASE_URL") == true)
    }

    @Test func envFileAndConfigFileLayerUnderTheEnvironment() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let envFile = folder.appendingPathComponent(".env")
        try "# comment\nHTTP_PORT=9100\nLOG_LEVEL=debug\n".write(to: envFile, atomically: true, encoding: .utf8)
        let jsonFile = folder.appendingPathComponent("config.json")
        try #"{"http": {"port": 9200, "host": "0.0.0.0"}, "log": {"level": "error"}, "shutdown": {"timeout": 3}}"#
            .write(to: jsonFile, atomically: true, encoding: .utf8)

        let config = try await ConfigValues.load(environment: ["LOG_LEVEL": "warning"], envFile: envFile.path, configFile: jsonFile.path)
        let settings = try ServerSettings(config: config, defaultPort: 1)
        #expect(settings.logLevel == .warning)  // environment wins
        #expect(settings.port == 9100)  // .env beats the config file
        #expect(settings.host == "0.0.0.0")  // only in the config file
        #expect(settings.shutdownTimeout == .seconds(3))  // JSON number
    }

    @Test func missingConfigFileIsAnError() async {
        let error = await #expect(throws: ConfigurationError.self) {
            try await ConfigValues.load(environment: [:], envFile: "/nonexistent/.env", configFile: "/nonexistent/config.json")
        }
        #expect(error?.code == .unreadableSource)
    }

    @Test func helpListsEveryEnvironmentVariable() {
        let text = ServerSettings.keys.helpText
        for key in ServerSettings.keys {
            #expect(text.contains(key.environmentName))
        }
    }
}
