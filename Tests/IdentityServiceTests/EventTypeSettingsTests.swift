import Foundation
import Testing
@testable import IdentityService

/// Which events a realm saves: Keycloak's `enabledEventTypes` and its default set.
@Suite struct EventTypeSettingsTests {
    @Test func withoutEnabledEventTypesKeycloaksDefaultSetIsSaved() {
        let settings = RealmSettings()
        for type in ["LOGIN", "LOGIN_ERROR", "LOGOUT", "CODE_TO_TOKEN", "CLIENT_LOGIN", "UPDATE_PASSWORD", "CUSTOM_REQUIRED_ACTION"] {
            #expect(settings.savesEvents(ofType: type), "\(type)")
        }
        for type in ["REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "INTROSPECT_TOKEN", "USER_INFO_REQUEST"] {
            #expect(!settings.savesEvents(ofType: type), "\(type)")
        }
    }

    @Test func enabledEventTypesNameExactlyWhatIsSavedBesidesAdminActions() throws {
        let settings = try JSONDecoder().decode(RealmSettings.self, from: Data(#"{"enabledEventTypes": ["REFRESH_TOKEN"]}"#.utf8))
        #expect(settings.enabledEventTypes == ["REFRESH_TOKEN"])
        #expect(settings.savesEvents(ofType: "REFRESH_TOKEN"))
        #expect(!settings.savesEvents(ofType: "LOGIN"))
        #expect(settings.savesEvents(ofType: "ADMIN_UPDATE"))
    }

    @Test func aPartialUpdateSetsEnabledEventTypes() throws {
        var settings = RealmSettings()
        try settings.merge(["enabledEventTypes": ["LOGIN_ERROR"]])
        #expect(settings.enabledEventTypes == ["LOGIN_ERROR"])
        try settings.merge(["accessTokenLifespan": 60])
        #expect(settings.enabledEventTypes == ["LOGIN_ERROR"], "fields left out stay")
    }
}
