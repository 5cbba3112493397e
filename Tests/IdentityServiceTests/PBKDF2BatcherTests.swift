import Foundation
import NIOPosix
import Testing
@testable import IdentityService

/// PBKDF2-HMAC-SHA512 through ``PBKDF2Batcher`` (the CPBKDF2 lanes) against vectors computed
/// with Python's `hashlib.pbkdf2_hmac("sha512", …)`, an independent implementation (OpenSSL).
@Suite struct PBKDF2BatcherTests {
    let hasher = PasswordHasher()

    /// (password, salt, iterations, base64 key); the key length is the vector's. Keys longer
    /// than 64 bytes take swift-crypto's path and must agree all the same.
    @Test(arguments: [
        ("pässword", "0123456789abcdef", 1, "tw6OIDYvcjlzisLnnoe5UjFXaMQZXAvjBS/mmSlfQjbB8meBsDZXtIiCkJYfgKFQy3SBu9iW3+DtMFSjL0AnoQ=="),
        ("pässword", "0123456789abcdef", 2, "sdUXHGgxc7VlJqdpESZ3HyowhwPHc8w0rYyl2+IKrFarVr/XjMlZ6py+FmHUTcyeA6umnHtUlo4798KIiJtIqA=="),
        ("password", "salt", 1000, "r+bFUweFtsxrHGRTOEcxvV7kMu4="),
        ("password", "", 4096, "CLWgTu9Suhb7WxP/gDJFo8+n09qiyiIL5hoQ2hderro="),
        ("", "NaCl", 100, "84CHf140ndzpD9O+E4/21HzceCh3jiLpUcRjrgEmfy3ZZ3L5gbnjscEZ/jsWGBTFNZp/V6sVhENINgaFxg5HUA=="),
        (String(repeating: "p", count: 129), "0123456789abcdef", 1000,
         "NcsJp/TVILOee0MuxO27A/Xh9nw7aiZeijWc8HsF4qOl+ju84xRG/5p01HK1HmNnba9dfPQ8fvh31DI11lVrFg=="),
        (String(repeating: "é", count: 100), String(repeating: "long salt ", count: 30), 777,
         "XtXqWUkY/YnJ1pFIri5sQ+NP9ZVBAXg13blCMSaEuvptayq7uq23kRoDudIs4XcT11zKzeSRX3KdTvf+6tSzLA=="),
        ("password", "0123456789abcdef", 1000,
         "38DzhdBT7fPaUGBlsh42VTuuKSFAIYGZJ7l6feCDLIl+K3hdPFgxxu7xuUi4gIuH6cEIoODn18xH9Ig2ryNgUznLv+HenwGMuNFlbzSJOgbKvWbcrovAWPXx1iWbgQCxi33RNw=="),
        ("password", "0123456789abcdef", 1000,
         "38DzhdBT7fPaUGBlsh42VTuuKSFAIYGZJ7l6feCDLIl+K3hdPFgxxu7xuUi4gIuH6cEIoODn18xH9Ig2ryNgUznLv+HenwGMuNFlbzSJOgbKvWbcrovAWPXx1iWbgQCxi33RN4zinW4PK5sCvhM/x2F6PN+pV4SXux9yYGzYhO4="),
        ("Bench-Password-1", "0123456789abcdef", 210_000,
         "YIrbz0FLw0pjjNrvqRg0DoYiFsP84v3tUDdvoBz8q6tNm4x0J7Wk5C9w1jYPxSceSoVJ1V8rmQIA6fQ31ftUxQ=="),
    ])
    func verifiesHashlibVectors(password: String, salt: String, iterations: Int, key: String) async throws {
        let hash = Array(try #require(Data(base64Encoded: key)))
        let credential = PasswordCredential(algorithm: .pbkdf2SHA512, iterations: iterations, salt: Array(salt.utf8), hash: hash)
        #expect(await hasher.verify(password, against: credential))
        #expect(!(await hasher.verify(password + "!", against: credential)))
    }

    @Test func derivesShortKeysAndSingleIterations() async throws {
        let key = try await PBKDF2Batcher.shared.derive(password: "x", salt: Array("y".utf8), iterations: 1, length: 1)
        #expect(key == [0x52])  // hashlib: pbkdf2_hmac("sha512", b"x", b"y", 1, 1) == b"R"
    }

    /// Nine derivations at once on one worker: batches of four with different passwords,
    /// salts and iteration counts, lanes refilled as derivations finish.
    @Test func concurrentDerivationsShareLanesAndKeepTheirOwnResults() async throws {
        let vectors = [
            (0, 30000, "k5Ff+PIjwtGShxupx62MsProejBi32PnqdPxCxw7QsLArMuK5CjMlMoqaNXUnFPIYAzkyGLgViNdNx5iu3lRtg=="),
            (1, 20000, "bSN8cDIGfNAYp6uhALZzz5TprexvZbLSQMx3NEQLp1ajbAVairEatqY8x/KM8418C2c2a2aMSAzfGWkiL42KyQ=="),
            (2, 20000, "R6evEOI7zOh/lH6apNgCUir5OpoCFByw6tyicUytEJgMbw4afkOFBdSM2rksXNbMvmY3pcnMSuen40kCAP+44Q=="),
            (3, 30000, "d52ICoOT5oAL3RRvBoOj1MWkofhNT5uwhzWq9uPhCkahl0k8Y/MzaDlyqPFfFAH2kVpQ9Dr4rzF9BnR1Q6VuNw=="),
            (4, 20000, "jdwhddgIyRnztbmiicTPnarZo7kx2La3rFxiwSpRwRV3aRdWK4gePpBZdsw+A4TEZZyBnrapp9Nm5wKzwBoDfg=="),
            (5, 20000, "jdNYRpAh8/jY618MU1yMrauP/ZKLxMiazwv+G6+KBL5/S3EjruR5Qep69xEzlVkfTa5q1jTLjn5GZor6WV3uJg=="),
            (6, 30000, "HqX5qp2USPysyZi6w+uTxga/oNsGUUF+SNWMlVgaVEVIt4GG5Qd5R1DHqSpN60DyHzY+nDuAN0+4FBgPF1rGGg=="),
            (7, 20000, "xCWTvVr+xu4CnoP/vO/NkNzF8f/nxQqzkJsRNZpZXe2+MQvpo1yvCJroPX3wwhzqmx0xkD+D1KhY7Mly0e63Fg=="),
            (8, 20000, "+sZnCDbeHiRHL7EPlOVBXvbrvTIPSwbj4OD//aidmMy9B7zHiiG51/q2ojYhcm7b4fPRPaQH+oTK+Gaf+746+Q=="),
        ]
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        let batcher = PBKDF2Batcher(threadPool: pool, maximumWorkers: 1)
        let results = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for (n, iterations, _) in vectors {
                group.addTask {
                    // salt-n repeated n + 1 times: salts of different lengths in one batch.
                    let salt = Array(String(repeating: "salt-\(n)", count: n + 1).utf8)
                    return (n, try await batcher.derive(password: "password-\(n)", salt: salt, iterations: iterations, length: 64))
                }
            }
            return try await group.reduce(into: [Int: [UInt8]]()) { $0[$1.0] = $1.1 }
        }
        for (n, _, expected) in vectors {
            #expect(results[n].map { Data($0).base64EncodedString() } == expected, "derivation \(n)")
        }
        #expect(batcher.peakBusyLanes == PBKDF2Lanes.count)
        try await pool.shutdownGracefully()
    }

    @Test func failsWhenThePoolHasShutDown() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        try await pool.shutdownGracefully()
        let batcher = PBKDF2Batcher(threadPool: pool, maximumWorkers: 1)
        await #expect(throws: NIOThreadPoolError.ThreadPoolInactive.self) {
            try await batcher.derive(password: "password", salt: [1, 2, 3], iterations: 10, length: 64)
        }
    }
}
