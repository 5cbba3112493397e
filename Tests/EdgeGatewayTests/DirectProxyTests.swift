@testable import TokenTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import Testing
import TokenSupport
@testable import EdgeGateway

/// The direct path (``DirectProxyHandler``) on a real server: verified body-less GETs go
/// straight to a real upstream, everything else reaches the Hummingbird router behind it —
/// here a marker that says so — in the order the client sent it.
@Suite struct DirectProxyTests {
    @Test func verifiedGETsAreForwardedDirectlyWithTheGatewaysHeaders() async throws {
        try await Self.withRig { port, token in
            try await Self.exchange(port, [
                RawHTTPConnection.get("/%70acs/dicom-web/studies?PatientID=A%5EB", [
                    ("Authorization", "Bearer \(token)"), ("X-User", "admin"), ("X-Forwarded-For", "10.9.9.9"), ("X-Request-Id", "trace-1"),
                ]),
                RawHTTPConnection.get("/pacs/dicom-web/studies", method: .HEAD, [("Authorization", "Bearer \(token)")]),
            ]) { answers in
                let get = answers[0]
                #expect(get.head.status == .ok)
                #expect(get.head.headers["X-Answered-By"].isEmpty)
                let echo = try JSONDecoder().decode(Echo.self, from: Data(get.body.readableBytesView))
                #expect(echo.target == "/dicom-web/studies?PatientID=A%5EB")
                #expect(echo.headers["authorization"] == "Bearer \(token)")
                #expect(echo.headers["x-user"] == "carol")
                #expect(echo.headers["x-forwarded-for"] == "127.0.0.1")
                #expect(echo.headers["x-forwarded-prefix"] == "/pacs")
                #expect(echo.headers["x-request-id"] == "trace-1")
                #expect(get.head.headers["X-Request-Id"] == ["trace-1"])
                #expect(get.head.headers["X-Content-Type-Options"] == ["nosniff"])
                #expect(get.head.headers["X-Upstream-Hop"].isEmpty)  // named in the upstream's Connection
                #expect(!get.head.headers["Date"].isEmpty)
                let head = answers[1]
                #expect(head.head.status == .ok)
                #expect(head.head.headers["X-Answered-By"].isEmpty)
                #expect(head.body.readableBytes == 0)
            }
        }
    }

    /// The one pass over a request's fields finds what the direct path decides on, in any
    /// case, and treats a repeated `Host` or `Authorization` as absent (ambiguous).
    @Test func requestFieldsAreReadInOnePass() {
        let fields = DirectRequestFields(HTTPHeaders([
            ("HOST", "a.example"), ("authorization", "Bearer 1"), ("X-Request-ID", "first"), ("x-request-id", "second"), ("Accept", "*/*"),
        ]))
        #expect(fields.host == "a.example" && fields.authorization == "Bearer 1" && fields.requestID == "first")
        #expect(!fields.announcesBody && !fields.hasOrigin)
        let repeated = DirectRequestFields(HTTPHeaders([
            ("Host", "a"), ("Host", "b"), ("Host", "c"), ("Authorization", "1"), ("AUTHORIZATION", "2"), ("Origin", "https://x"),
            ("Transfer-Encoding", "chunked"),
        ]))
        #expect(repeated.host == nil && repeated.authorization == nil && repeated.hasOrigin && repeated.announcesBody)
        #expect(DirectRequestFields(HTTPHeaders([("Content-Length", "0")])).announcesBody)
        #expect(!DirectRequestFields(HTTPHeaders([("Accept-Charset", "utf-8"), ("X-Transfer-Coding", "x")])).announcesBody)  // same lengths
        #expect(DirectRequestFields(HTTPHeaders([("Hosts", "x"), ("Content-Lengths", "1")])).host == nil)
    }

    @Test func everythingElseReachesTheRouter() async throws {
        let harness = try await GatewayHarness.make()
        let unverified = try await harness.token(roles: ["never-verified"])
        try await Self.withRig { port, token in
            try await Self.exchange(port, [
                RawHTTPConnection.get("/pacs/x"),  // no token
                RawHTTPConnection.get("/pacs/x", [("Authorization", "Bearer \(unverified)")]),  // not verified yet
                RawHTTPConnection.get("/pacs/x", method: .DELETE, [("Authorization", "Bearer \(token)")]),
                RawHTTPConnection.get("/pacs/x", [("Authorization", "Bearer \(token)"), ("Authorization", "Bearer \(token)")]),
                RawHTTPConnection.get("/index.html", [("Authorization", "Bearer \(token)")]),  // not a bearer route
                RawHTTPConnection.get("/pacs/x", [("Authorization", "Bearer \(token)"), ("content-LENGTH", "0")]),  // framing
            ]) { answers in
                #expect(answers.map(\.text) == ["GET /pacs/x", "GET /pacs/x", "DELETE /pacs/x", "GET /pacs/x", "GET /index.html", "GET /pacs/x"])
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await Self.withRig { port, token in
            let bearer = [("Authorization", "Bearer \(token)")]
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.channel.executeThenClose { inbound, outbound in
                var reader = RawAnswerReader(iterator: inbound.makeAsyncIterator())
                // One write: while the router answers `two`, the rest waits for it, in order.
                let burst = [
                    RawHTTPConnection.get("/pacs/one", bearer), RawHTTPConnection.get("/pacs/two"), RawHTTPConnection.get("/pacs/three", bearer),
                    RawHTTPConnection.get("/five"), RawHTTPConnection.get("/pacs/six", bearer),
                ]
                try await outbound.write(contentsOf: burst.flatMap { [HTTPClientRequestPart.head($0), .end(nil)] })
                var order: [String] = []
                for _ in burst {
                    order.append(try Self.lastSegment(of: try #require(try await reader.next())))
                }
                #expect(order == ["one", "two", "three", "five", "six"])
                // Once those are answered, the same connection takes the direct path again.
                try await outbound.write(contentsOf: [.head(RawHTTPConnection.get("/pacs/seven", bearer)), .end(nil)])
                let seventh = try #require(try await reader.next())
                #expect(seventh.head.headers["X-Answered-By"].isEmpty)
                #expect(try Self.lastSegment(of: seventh) == "seven")
            }
        }
    }

    @Test func theIdleTimeoutClosesAnIdleConnectionButNeverOneWaitingForItsAnswer() async throws {
        // The upstream takes longer than the idle timeout to answer `/slow`. (The timeout
        // leaves the client a second between connecting and sending: with 300 ms, a stalled
        // machine once saw the connection closed before the request.)
        try await Self.withRig(pacs: Self.slowUpstream(answeringAfter: .milliseconds(2500)), idleTimeout: .seconds(1)) { port, token in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.channel.executeThenClose { inbound, outbound in
                var reader = RawAnswerReader(iterator: inbound.makeAsyncIterator())
                try await outbound.write(contentsOf: [.head(RawHTTPConnection.get("/pacs/slow", [("Authorization", "Bearer \(token)")])), .end(nil)])
                let answer = try #require(try await reader.next())
                #expect(answer.head.status == .ok)
                #expect(answer.head.headers["X-Answered-By"].isEmpty)  // the direct path answered
                #expect(answer.text == "slow answer")
                // Then nothing happens for longer than the idle timeout: the gateway closes.
                #expect(try await reader.next() == nil)
            }
        }
    }

    @Test func gracefulShutdownLetsADirectAnswerInFlightFinish() async throws {
        let shutdown = ShutdownTrigger()
        let (arrivals, arrived) = AsyncStream.makeStream(of: Void.self)
        let upstream = Self.slowUpstream(answeringAfter: .milliseconds(700)) { arrived.yield() }
        try await Self.withRig(pacs: upstream, shutdown: shutdown) { port, token in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.channel.executeThenClose { inbound, outbound in
                var reader = RawAnswerReader(iterator: inbound.makeAsyncIterator())
                try await outbound.write(contentsOf: [.head(RawHTTPConnection.get("/pacs/slow", [("Authorization", "Bearer \(token)")])), .end(nil)])
                var upstreamGotIt = arrivals.makeAsyncIterator()
                _ = await upstreamGotIt.next()
                await shutdown.fire()  // the server quiesces while the upstream still works on the answer
                let answer = try #require(try await reader.next())
                #expect(answer.head.status == .ok)
                #expect(answer.head.headers["X-Answered-By"].isEmpty)
                #expect(answer.text == "slow answer")
                #expect(try await reader.next() == nil)  // and then the connection closes
            }
        }
    }

    /// An upstream whose `/slow` answers "slow answer" after `delay`, calling `arrived` when a request comes.
    static func slowUpstream(
        answeringAfter delay: Duration, arrived: @escaping @Sendable () -> Void = {}
    ) -> @Sendable () -> Router<BasicRequestContext> {
        {
            let router = Router()
            router.get("slow") { _, _ in
                arrived()
                try await Task.sleep(for: delay)
                return "slow answer"
            }
            return router
        }
    }

    /// The last path segment an answer was for: the echo's target, or the router's `<method> <path>`.
    static func lastSegment(of answer: RawAnswer) throws -> String {
        let path = answer.head.headers["X-Answered-By"] == ["full-path"]
            ? answer.text : try JSONDecoder().decode(Echo.self, from: Data(answer.body.readableBytesView)).target
        return String(path.split(separator: "/").last ?? "")
    }

    @Test func anUnreachableReplicaHandsTheRequestToTheFullPath() async throws {
        try await Self.withRig(pacsURLs: { _ in ["http://127.0.0.1:1"] }) { port, token in
            try await Self.exchange(port, [RawHTTPConnection.get("/pacs/x", [("Authorization", "Bearer \(token)")])]) { answers in
                #expect(answers.map(\.text) == ["GET /pacs/x"])
            }
        }
    }

    @Test func answersAreGzippedWhenTheClientAcceptsIt() async throws {
        try await Self.withRig { port, token in
            try await Self.exchange(port, [
                RawHTTPConnection.get("/pacs/studies", [("Authorization", "Bearer \(token)"), ("Accept-Encoding", "gzip")]),
            ]) { answers in
                let answer = answers[0]
                #expect(answer.head.headers["Content-Encoding"] == ["gzip"])
                #expect(answer.head.headers["Content-Length"].isEmpty)
                let echo = try JSONDecoder().decode(Echo.self, from: try gunzip(answer.body))
                #expect(echo.target == "/studies")
            }
        }
    }

    @Test func viewerFilesInMemoryAreAnsweredDirectlyTheRestByTheFullPath() async throws {
        let root = try ViewerFilesTests.makeViewer()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let config = "window.config = { routerBasename: '/', dataSources: [{ friendlyName: 'Tessera archive' }] };"
        let viewer = try ViewerFiles(
            root: root.path,
            generated: [
                "/app-config.js": GeneratedFile(contentType: "text/javascript; charset=utf-8", text: config),
                "/signed-out.html": GeneratedFile(contentType: "text/html; charset=utf-8", text: "<!doctype html><title>Signed out</title>"),
            ],
            landingPage: GeneratedFile(contentType: "text/html", text: "landing"))
        // The full path keeps a small file in the cache the first time it serves it.
        let app = try viewer.resolve(try NormalizedPath(target: "/assets/app.3f2a9c1b8d.js"), root: try #require(viewer.root))
        #expect(try await viewer.cachedContents(of: app) != nil)
        try await Self.withRig(viewer: viewer) { port, _ in
            var etag = ""
            try await Self.exchange(port, [
                RawHTTPConnection.get("/assets/app.3f2a9c1b8d.js", [("X-Request-Id", "static-1")]),
                RawHTTPConnection.get("/assets/app.3f2a9c1b8d.js", method: .HEAD),
                RawHTTPConnection.get("/app-config.js", [("Accept-Encoding", "gzip")]),
                RawHTTPConnection.get("/signed-out.html"),
                RawHTTPConnection.get("/assets/style.css"),  // not kept yet: the full path answers
            ]) { answers in
                let file = answers[0]
                #expect(file.head.status == .ok)
                #expect(file.head.headers["X-Answered-By"].isEmpty)
                #expect(file.text == "console.log('app')")
                #expect(file.head.headers["Content-Type"] == ["text/javascript; charset=utf-8"])
                #expect(file.head.headers["Content-Length"] == ["18"])
                #expect(file.head.headers["Cache-Control"] == ["public, max-age=31536000, immutable"])
                #expect(file.head.headers["X-Content-Type-Options"] == ["nosniff"])
                #expect(file.head.headers["X-Request-Id"] == ["static-1"])
                #expect(!file.head.headers["Date"].isEmpty && !file.head.headers["Last-Modified"].isEmpty)
                etag = try #require(file.head.headers["ETag"].first)
                let head = answers[1]
                #expect(head.head.status == .ok && head.head.headers["X-Answered-By"].isEmpty)
                #expect(head.head.headers["Content-Length"] == ["18"] && head.body.readableBytes == 0)
                let config = answers[2]
                #expect(config.head.headers["X-Answered-By"].isEmpty)
                #expect(config.head.headers["Content-Encoding"] == ["gzip"])
                #expect(config.head.headers["Content-Length"] == ["\(config.body.readableBytes)"])
                #expect(config.head.headers["Cache-Control"] == ["no-cache"])
                #expect(config.head.headers["Vary"] == ["Accept-Encoding"])
                #expect(String(decoding: try gunzip(config.body), as: UTF8.self).hasPrefix("window.config"))
                let page = answers[3]
                #expect(page.head.headers["X-Answered-By"].isEmpty)
                #expect(page.head.headers["Content-Security-Policy"] == ["default-src 'self'"])
                #expect(page.head.headers["X-Frame-Options"] == ["SAMEORIGIN"])
                #expect(answers[4].text == "GET /assets/style.css")
            }
            // A range and an error are the full path's too (each on a connection of its own:
            // pipelined after a handed-over request, everything waits for the full path).
            for (uri, headers) in [("/assets/app.3f2a9c1b8d.js", [("Range", "bytes=0-3")]), ("/missing.js", [])] {
                try await Self.exchange(port, [RawHTTPConnection.get(uri, headers)]) { answers in
                    #expect(answers[0].text == "GET \(uri)")
                }
            }
            try await Self.exchange(port, [
                RawHTTPConnection.get("/assets/app.3f2a9c1b8d.js", [("If-None-Match", "\"other\", \(etag)")]),
                RawHTTPConnection.get("/assets/app.3f2a9c1b8d.js", [("If-None-Match", "\"other\"")]),
                RawHTTPConnection.get("/app-config.js", [("Connection", "close")]),
            ]) { answers in
                #expect(answers[0].head.status == .notModified && answers[0].head.headers["X-Answered-By"].isEmpty)
                #expect(answers[0].body.readableBytes == 0 && answers[0].head.headers["ETag"] == [etag])
                #expect(answers[1].head.status == .ok && answers[1].text == "console.log('app')")
                #expect(answers[2].head.headers["Connection"] == ["close"] && answers[2].text == config)
            }
        }
    }

    /// Answers written at once must not pile up for a client that pipelines requests and does
    /// not read: once the connection stops being writable, the full path (which waits for the
    /// client) answers.
    @Test func aClientThatDoesNotReadGetsNoPileOfDirectAnswers() async throws {
        let root = try ViewerFilesTests.makeViewer()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let contents = Data((0..<(200 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try contents.write(to: root.appendingPathComponent("assets/big.bin"))
        let viewer = try ViewerFiles(root: root.path, generated: [:], landingPage: GeneratedFile(contentType: "text/html", text: "landing"))
        let big = try viewer.resolve(try NormalizedPath(target: "/assets/big.bin"), root: try #require(viewer.root))
        #expect(try await viewer.cachedContents(of: big) != nil)
        try await Self.withRig(viewer: viewer) { port, _ in
            // 100 × 200 KiB is far more than the sockets' buffers hold. The client reads
            // nothing until the gateway has long decided every request (reading at once, it
            // could keep the connection writable to the end).
            let requests = Array(repeating: RawHTTPConnection.get("/assets/big.bin"), count: 100)
            try await Self.exchange(port, requests, readingAfter: .seconds(1)) { answers in
                let direct = answers.filter { $0.head.headers["X-Answered-By"].isEmpty }
                #expect(!direct.isEmpty && direct.count < answers.count)
                #expect(direct.allSatisfy { Data($0.body.readableBytesView) == contents })
                #expect(answers.filter { !$0.head.headers["X-Answered-By"].isEmpty }.allSatisfy { $0.text == "GET /assets/big.bin" })
            }
        }
    }

    @Test func connectionCloseEndsTheConnectionAfterTheAnswer() async throws {
        try await Self.withRig { port, token in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.channel.executeThenClose { inbound, outbound in
                let head = RawHTTPConnection.get("/pacs/x", [("Authorization", "Bearer \(token)"), ("Connection", "close")])
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
                var reader = RawAnswerReader(iterator: inbound.makeAsyncIterator())
                let answer = try #require(try await reader.next())
                #expect(answer.head.status == .ok)
                #expect(try await reader.next() == nil)
            }
        }
    }

    @Test func aClientThatDoesNotReadHoldsBackTheUpstream() async throws {
        // While the client reads nothing, only buffers fill (socket buffers autotune to tens of
        // MB on loopback); then the upstream must stop, long before the end of the answer.
        let chunkSize = 64 * 1024
        let total = 512 * 1024 * 1024
        let sent = SentBytes()
        let big: @Sendable () -> Router<BasicRequestContext> = {
            let router = Router()
            router.get("/big") { _, _ -> Response in
                Response(status: .ok, headers: [.contentLength: String(total)], body: ResponseBody { writer in
                    let chunk = ByteBuffer(repeating: 0x2A, count: chunkSize)
                    for _ in 0..<(total / chunk.readableBytes) {
                        try await writer.write(chunk)
                        sent.count.add(chunk.readableBytes, ordering: .relaxed)
                    }
                    try await writer.finish(nil)
                })
            }
            return router
        }
        try await Self.withRig(pacs: big) { port, token in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.channel.executeThenClose { inbound, outbound in
                try await outbound.write(contentsOf: [.head(RawHTTPConnection.get("/pacs/big", [("Authorization", "Bearer \(token)")])), .end(nil)])
                var whileStalled = -1
                for _ in 0..<40 where sent.count.load(ordering: .relaxed) != whileStalled {  // until it stops (at most 20 s)
                    whileStalled = sent.count.load(ordering: .relaxed)
                    try await Task.sleep(for: .milliseconds(500))
                }
                #expect(whileStalled < total / 2, "the upstream sent \(whileStalled) bytes to a client that read none")
                var reader = RawAnswerReader(iterator: inbound.makeAsyncIterator())
                #expect(try await reader.countNextBody() == total)
            }
        }
    }

    // MARK: Rig

    /// Sends `requests` in one write on one connection and passes the answers, in order.
    /// Sends `requests` pipelined on one connection, reads their answers and checks them.
    /// - Parameter readingAfter: How long to wait before reading anything (a client that does not read).
    static func exchange(
        _ port: Int, _ requests: [HTTPRequestHead], readingAfter delay: Duration? = nil, _ check: ([RawAnswer]) throws -> Void
    ) async throws {
        let connection = try await RawHTTPConnection.connect(port: port)
        try await connection.channel.executeThenClose { inbound, outbound in
            try await outbound.write(contentsOf: requests.flatMap { [HTTPClientRequestPart.head($0), .end(nil)] })
            if let delay { try await Task.sleep(for: delay) }
            var reader = RawAnswerReader(iterator: inbound.makeAsyncIterator())
            var answers: [RawAnswer] = []
            for _ in requests {
                answers.append(try #require(try await reader.next()))
            }
            try check(answers)
        }
    }

    /// A server with the direct path in front of a router that answers `<method> <path>` with
    /// `X-Answered-By: full-path`; `/pacs` (bearer) goes to `pacs` (an echo by default), the rest
    /// is an open route. The token passed to `body` was verified once, so it is cached.
    static func withRig(
        pacs: @escaping @Sendable () -> Router<BasicRequestContext> = { EchoMiddleware.router("pacs-1") }, pacsURLs: (@Sendable (Int) -> [String])? = nil,
        idleTimeout: TimeAmount? = .seconds(60), shutdown: ShutdownTrigger? = nil, viewer: ViewerFiles? = nil, _ body: @escaping @Sendable (_ port: Int, _ token: String) async throws -> Void
    ) async throws {
        let harness = try await GatewayHarness.make()
        let token = try await harness.token()
        try await withLocalServer(harness.provider.router()) { identityPort in
            try await withLocalServer(pacs()) { pacsPort in
                let metadata = IssuerMetadata(
                    location: IssuerLocation(issuer: GatewayHarness.issuer, backchannelBases: ["http://127.0.0.1:\(identityPort)/realms/test"]),
                    client: BackchannelClient(httpClient: .test), logger: .quiet("direct-rig"))
                let verifier = JWTVerifier(metadata: metadata)
                _ = try await verifier.verify(BearerToken(token))
                let pool = UpstreamPool(name: "pacs-service", baseURLs: pacsURLs?(pacsPort) ?? ["http://127.0.0.1:\(pacsPort)"])
                let direct = DirectProxy(
                    routes: RouteTable([
                        GatewayRoute(name: "pacs", prefix: ["pacs"], target: .pacs, upstreamPrefix: [], access: .bearer(.any), maximumBodySize: nil),
                        GatewayRoute(name: "viewer", prefix: [], target: .viewer, upstreamPrefix: [], access: .open, maximumBodySize: 0),
                    ]),
                    pools: [.pacs: pool], policy: ForwardingPolicy(), verifier: verifier, scheme: "http",
                    securityHeaders: SecurityHeaders(strictTransportSecurity: false, contentSecurityPolicy: "default-src 'self'"),
                    compression: ResponseCompression(minimumLength: 64, level: 5), timeouts: ProxyTimeouts(connect: .seconds(2)),
                    logger: .quiet("direct"), viewer: viewer)
                defer { direct.shutdown() }
                let router = Router()
                router.add(middleware: FullPathMarker())
                let server = HTTPServerBuilder { responder in
                    DirectProxyChannel(base: HTTP1Channel(responder: responder), proxy: direct, idleTimeout: idleTimeout)
                }
                try await withServer(router, server: server, shutdown: shutdown) { port in try await body(port, token) }
            }
        }
    }

    /// Runs `router` behind `server` on 127.0.0.1 (a free port) while `body` runs.
    static func withServer(
        _ router: Router<BasicRequestContext>, server: HTTPServerBuilder, shutdown: ShutdownTrigger? = nil,
        _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: .quiet("direct-server"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            let services = ServiceGroup(configuration: .init(services: [app], logger: .quiet("direct-services")))
            shutdown?.group.withLock { $0 = services }
            group.addTask { try await services.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            try await body(try #require(await iterator.next()))
        }
    }
}

/// Answers every request with `<method> <path>` and `X-Answered-By: full-path`.
private struct FullPathMarker: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        Response(
            status: .ok, headers: [HTTPField.Name("X-Answered-By")!: "full-path"],
            body: .init(byteBuffer: ByteBuffer(string: "\(request.method.rawValue) \(request.uri.path)")))
    }
}

/// Bytes an upstream has written so far.
private final class SentBytes: Sendable {
    let count = Atomic<Int>(0)
}

/// Lets a test begin the graceful shutdown of the server ``DirectProxyTests/withServer`` runs.
final class ShutdownTrigger: Sendable {
    let group = Mutex<ServiceGroup?>(nil)

    /// Begins the graceful shutdown.
    func fire() async {
        await group.withLock { $0 }?.triggerGracefulShutdown()
    }
}
