import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PACSService

/// Tokens are `name:role1+role2`.
struct NamedStubAuthenticator: BearerAuthenticating {
    func authenticate(authorization: String?) async throws -> Principal {
        guard let authorization, authorization.hasPrefix("Bearer ") else { throw AuthenticationError(.missing, "no bearer token") }
        let parts = authorization.dropFirst(7).split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { throw AuthenticationError(.invalidToken, "bad stub token") }
        return Principal(subject: "sub-\(parts[0])", roles: Set(parts[1].split(separator: "+").map(String.init)), username: String(parts[0]))
    }
}

/// The admin UI enforces the API's roles and offers only what the roles allow.
@Suite struct AdminAuthorizationTests {
    let instance = TestInstance()

    func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)", HTTPField.Name("X-Requested-With")!: "tessera-admin", HTTPField.Name("X-Forwarded-Prefix")!: "/pacs-admin"]
    }

    @Test func readersSeeNoDeleteAndAreRefused() async throws {
        try await TestArchive.with(["PACS_AUTH": "jwt"], authenticator: NamedStubAuthenticator()) { client, _ in
            let body = MultipartBody([try instance.bytes()])
            var upload = bearer("bob:pacs-read+pacs-write")
            upload[.contentType] = body.contentType
            try await client.execute(uri: "/admin/dicom-web/studies", method: .post, headers: upload, body: ByteBuffer(bytes: body.bytes)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/admin/", method: .get) { #expect($0.status == .unauthorized) }
            let studyPage = "/admin/studies/\(instance.studyUID)"
            try await client.execute(uri: studyPage, method: .get, headers: bearer("bob:pacs-read")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("id=\"user-name\" title=\"Signed in\">bob<"))
                #expect(!page.contains("data-delete"))
                #expect(!page.contains("id=\"nav-upload\""))
                #expect(page.contains("href=\"/pacs-admin/logout\""))
            }
            try await client.execute(uri: "/admin/upload", method: .get, headers: bearer("bob:pacs-read")) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/admin/dicom-web/studies/\(instance.studyUID)", method: .delete, headers: bearer("bob:pacs-read+pacs-write")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: studyPage, method: .get, headers: bearer("carol:pacs-read+pacs-write+pacs-admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("data-delete=\"/pacs-admin/dicom-web/studies/\(instance.studyUID)\""))
                #expect(page.contains(">carol<"))
            }
            try await client.execute(uri: "/admin/dicom-web/studies/\(instance.studyUID)", method: .delete, headers: bearer("carol:pacs-read+pacs-admin")) {
                #expect($0.status == .noContent)
            }
        }
    }
}
