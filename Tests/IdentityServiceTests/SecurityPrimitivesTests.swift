import Crypto
import Foundation
import Testing
@testable import IdentityService

@Suite struct RedirectURIMatcherTests {
    let matcher = RedirectURIMatcher(registered: ["https://app.example.org/callback", "https://other.example.org/app/*", "/relative"],
                                     rootURL: "https://root.example.org")

    @Test func exactMatchOnly() {
        #expect(matcher.allows("https://app.example.org/callback"))
        #expect(!matcher.allows("https://app.example.org/callback/"))
        #expect(!matcher.allows("https://app.example.org/callback?x=1"))
        #expect(!matcher.allows("https://app.example.org/callbackx"))
        #expect(!matcher.allows("http://app.example.org/callback"))
    }

    @Test func trailingWildcardMatchesPrefixOnSameOrigin() {
        #expect(matcher.allows("https://other.example.org/app/page?x=1"))
        #expect(!matcher.allows("https://other.example.org/ap"))
        #expect(!matcher.allows("https://other.example.org.evil.com/app/x"))
        #expect(!matcher.allows("https://other.example.org/app/../admin"))
        #expect(!matcher.allows("https://other.example.org/app/%2e%2e/admin"))
    }

    @Test func relativeURIsResolveAgainstRootURL() {
        #expect(matcher.allows("https://root.example.org/relative"))
    }

    @Test func rejectsFragmentsUserInfoAndBackslashes() {
        #expect(!matcher.allows("https://app.example.org/callback#frag"))
        #expect(!matcher.allows("https://user@other.example.org/app/x"))
        #expect(!matcher.allows("https://other.example.org/app/\\evil"))
    }

    @Test func loneStarNeverMatches() {
        #expect(!RedirectURIMatcher(registered: ["*"], rootURL: nil).allows("https://evil.example.com/"))
    }
}

@Suite struct PKCETests {
    /// RFC 7636 Appendix B.
    @Test func rfc7636AppendixBVector() {
        #expect(PKCE.verifies("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
        #expect(!PKCE.verifies("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXx", challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
    }

    @Test func verifierMustBeWellFormed() {
        #expect(!PKCE.isWellFormed("short"))
        #expect(!PKCE.isWellFormed(String(repeating: "a", count: 129)))
        #expect(!PKCE.isWellFormed(String(repeating: "a", count: 42) + "+"))
        #expect(PKCE.isWellFormed(String(repeating: "a", count: 43)))
    }
}

@Suite struct LoginFailuresTests {
    var settings: RealmSettings {
        var settings = RealmSettings()
        settings.failureFactor = 3
        settings.waitIncrementSeconds = 60
        settings.maxFailureWaitSeconds = 100
        settings.quickLoginCheckMilliSeconds = 1000
        settings.minimumQuickLoginWaitSeconds = 30
        return settings
    }

    @Test func locksAfterFailureFactorFailures() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        var state = LoginFailures()
        for index in 0..<3 { state = state.recordingFailure(settings, at: start.addingTimeInterval(Double(index * 10))) }
        #expect(state.failures == 3)
        #expect(state.isLocked(at: start.addingTimeInterval(30)))
        #expect(state.lockedUntil == start.addingTimeInterval(20 + 60))
        #expect(!state.isLocked(at: start.addingTimeInterval(81)))
    }

    @Test func waitGrowsAndIsCapped() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        var state = LoginFailures()
        for index in 0..<6 { state = state.recordingFailure(settings, at: start.addingTimeInterval(Double(index * 10))) }
        #expect(state.lockedUntil == start.addingTimeInterval(50 + 100))
    }

    @Test func quickSuccessiveFailuresLockBriefly() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let state = LoginFailures().recordingFailure(settings, at: start).recordingFailure(settings, at: start.addingTimeInterval(0.2))
        #expect(state.lockedUntil == start.addingTimeInterval(0.2 + 30))
    }

    @Test func permanentLockout() {
        var settings = settings
        settings.permanentLockout = true
        var state = LoginFailures()
        for index in 0..<3 { state = state.recordingFailure(settings, at: Date(timeIntervalSince1970: Double(index * 10))) }
        #expect(state.permanentlyLocked)
        #expect(state.isLocked(at: .distantFuture))
    }
}

@Suite struct PlaceholderExpanderTests {
    @Test func expandsVariablesDefaultsAndEnvPrefix() throws {
        let text = #"{"a": "${PUBLIC_URL}/callback", "b": "${MISSING:fallback}", "c": "${env.SECRET}", "d": "$notplaceholder"}"#
        let expanded = try PlaceholderExpander.expand(text, values: ["PUBLIC_URL": "https://x.org", "SECRET": "s\"q"])
        #expect(expanded == #"{"a": "https://x.org/callback", "b": "fallback", "c": "s\"q", "d": "$notplaceholder"}"#)
    }

    @Test func unsetVariableWithoutDefaultIsAnError() {
        #expect(throws: IdentityError.self) { try PlaceholderExpander.expand("${PACS_CLIENT_SECRET}", values: [:]) }
    }
}

@Suite struct ScopeTests {
    @Test func grantsDefaultsAndOpenID() throws {
        #expect(Scope.includesOpenID("openid profile") && Scope.includesOpenID("profile  openid"))
        #expect(!Scope.includesOpenID("openidx profile") && !Scope.includesOpenID("open id") && !Scope.includesOpenID(""))
        #expect(Scope.includesOfflineAccess("openid offline_access") && !Scope.includesOfflineAccess("offline"))
        #expect(try Scope.grant("openid") == "openid profile email")
        #expect(try Scope.grant(nil) == "profile email")
        #expect(try Scope.grant("openid roles") == "openid profile email")
    }

    @Test func unknownScopeIsInvalid() {
        #expect(throws: IdentityError(.invalidScope, "Invalid scopes: admin")) { try Scope.grant("openid admin") }
    }
}

@Suite struct FormDecodingTests {
    @Test func decodesPlusAndPercent() throws {
        #expect(try FormDecoding.parameters("a=b+c&d=%2F%3D") == ["a": "b c", "d": "/="])
    }

    @Test func decodesUTF8EscapesAndBareNames() throws {
        #expect(try FormDecoding.parameters("name=Ren%C3%A9+D%c3%A9j%C3%A0&flag&&x=") == ["name": "René Déjà", "flag": "", "x": ""])
        #expect(try FormDecoding.parameters("a=b=c") == ["a": "b=c"])
    }

    @Test func malformedEscapesAndNonUTF8AreInvalid() {
        for body in ["a=%", "a=%4", "a=%zz", "a=%FF", "%C3=1"] {
            #expect(throws: IdentityError.self, "\(body)") { try FormDecoding.parameters(body) }
        }
    }

    @Test func repeatedParameterIsInvalid() {
        #expect(throws: IdentityError.self) { try FormDecoding.parameters("a=1&a=2") }
    }

    @Test func basicAuthPartsAreFormDecoded() throws {
        let header = "Basic " + Data("my%3Aclient:p%40ss".utf8).base64EncodedString()
        let credentials = try ClientCredentials.parse(authorization: header, form: [:])
        #expect(credentials == ClientCredentials(clientID: "my:client", secret: "p@ss"))
    }
}
