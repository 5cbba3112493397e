import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PACSService

/// A verifier stand-in: tokens are `role1+role2`; `expired` is invalid; `down` means the issuer is unreachable.
struct StubAuthenticator: BearerAuthenticating {
    func authenticate(authorization: String?) async throws -> Principal {
        guard let authorization, authorization.hasPrefix("Bearer ") else { throw AuthenticationError(.missing, "no bearer token") }
        let token = String(authorization.dropFirst(7))
        if token == "expired" { throw AuthenticationError(.invalidToken, "token expired") }
        if token == "down" { throw AuthenticationError(.unavailable, "issuer down") }
        return Principal(subject: "user", roles: Set(token.split(separator: "+").map(String.init)))
    }
}

@Suite struct AuthorizationTests {
    func withAuthArchive(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestArchive.with(["PACS_AUTH": "jwt"], authenticator: StubAuthenticator()) { client, _ in try await body(client) }
    }

    @Test func healthIsOpenAndDICOMwebNeedsAToken() async throws {
        try await withAuthArchive { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/dicom-web/studies", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"ohif\"")
            }
            try await client.execute(uri: "/dicom-web/studies", method: .get, headers: [.authorization: "Bearer expired"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.contains("error=\"invalid_token\"") == true)
            }
            try await client.execute(uri: "/dicom-web/studies", method: .get, headers: [.authorization: "Bearer down"]) {
                #expect($0.status == .serviceUnavailable)
            }
        }
    }

    @Test func rolesDecideReadWriteAndAdmin() async throws {
        try await withAuthArchive { client in
            let instance = try TestInstance().bytes()
            try await client.execute(uri: "/dicom-web/studies", method: .get, headers: [.authorization: "Bearer pacs-read"]) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/instances", method: .post, headers: [.authorization: "Bearer pacs-read"], body: ByteBuffer(bytes: instance)) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.wwwAuthenticate]?.contains("insufficient_scope") == true)
            }
            try await client.execute(uri: "/instances", method: .post, headers: [.authorization: "Bearer pacs-read+pacs-write"], body: ByteBuffer(bytes: instance)) {
                #expect($0.status == .ok)
            }
            let study = "/dicom-web/studies/\(TestInstance().studyUID)"
            try await client.execute(uri: study, method: .delete, headers: [.authorization: "Bearer pacs-read+pacs-write"]) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "\(study)/reject/113039%5EDCM", method: .post, headers: [.authorization: "Bearer pacs-write"]) { #expect($0.status == .forbidden) }
            try await client.execute(uri: study, method: .delete, headers: [.authorization: "Bearer pacs-admin"]) { #expect($0.status == .noContent) }
        }
    }
}
