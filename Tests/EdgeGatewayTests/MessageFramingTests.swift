@testable import TokenTestSupport
import HTTPTypes
import Testing
@testable import EdgeGateway

/// Request-smuggling defences.
@Suite struct MessageFramingTests {
    func fields(_ pairs: [(String, String)]) -> HTTPFields {
        HTTPFields(pairs.map { HTTPField(name: HTTPField.Name($0.0)!, value: $0.1) })
    }

    @Test func readsHonestFraming() throws {
        #expect(try MessageFraming.body(of: fields([])) == MessageFraming.Body.none)
        #expect(try MessageFraming.body(of: fields([("Content-Length", "0")])) == MessageFraming.Body.none)
        #expect(try MessageFraming.body(of: fields([("Content-Length", "42")])) == .length(42))
        #expect(try MessageFraming.body(of: fields([("Transfer-Encoding", "chunked")])) == .chunked)
    }

    @Test(arguments: [
        [("Content-Length", "5"), ("Transfer-Encoding", "chunked")],
        [("Content-Length", "5"), ("Content-Length", "5")],
        [("Content-Length", "5, 5")],
        [("Content-Length", "-1")],
        [("Content-Length", "+5")],
        [("Content-Length", "0x10")],
        [("Transfer-Encoding", "gzip, chunked")],
        [("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")],
        [("Host", "second.example")],
    ])
    func refusesAmbiguousFraming(pairs: [(String, String)]) {
        #expect(throws: GatewayError.self) { try MessageFraming.body(of: fields(pairs)) }
    }
}
