import CPBKDF2

/// One PBKDF2-HMAC-SHA512 derivation waiting for, or occupying, a lane of a ``PBKDF2Lanes``.
///
/// Owns a copy of the password in memory it allocated itself, so it can wipe it: once the
/// lane is keyed (the HMAC pad states and U1 hold everything later iterations need), or when
/// the job is dropped unstarted.
final class PBKDF2Job: @unchecked Sendable {
    // @unchecked: a job is created by its caller, handed to the batcher's queue under its
    // lock, and from then on touched by one worker run at a time.
    private let passwordStorage: UnsafeMutableBufferPointer<UInt8>
    /// Bytes of `passwordStorage` holding the password; 0 once wiped.
    private var passwordLength: Int
    let salt: [UInt8]
    let iterations: UInt32
    let length: Int
    let continuation: CheckedContinuation<[UInt8], any Error>

    /// - Parameters:
    ///   - password: The password's UTF-8 bytes (copied).
    ///   - salt: The salt.
    ///   - iterations: PBKDF2 iterations, at least 1.
    ///   - length: Derived-key bytes, 1...``PBKDF2Batcher/maximumKeyBytes``.
    ///   - continuation: Resumed with the key (or an error) by the worker.
    init(password: String.UTF8View, salt: [UInt8], iterations: UInt32, length: Int,
         continuation: CheckedContinuation<[UInt8], any Error>) {
        passwordStorage = .allocate(capacity: max(password.count, 1))
        passwordStorage.initialize(repeating: 0)
        passwordLength = passwordStorage.initialize(fromContentsOf: password)
        self.salt = salt
        self.iterations = iterations
        self.length = length
        self.continuation = continuation
    }

    /// Keys `lane` for this job (HMAC states and U1) and wipes the password copy.
    func start(in lane: UnsafeMutablePointer<cpbkdf2_lane>) {
        salt.withUnsafeBufferPointer { salt in
            cpbkdf2_lane_start(lane, passwordStorage.baseAddress, passwordLength, salt.baseAddress, salt.count, iterations)
        }
        wipePassword()
    }

    private func wipePassword() {
        cpbkdf2_wipe(passwordStorage.baseAddress, passwordStorage.count)
        passwordLength = 0
    }

    deinit {
        wipePassword()
        passwordStorage.deallocate()
    }
}

/// Four PBKDF2-HMAC-SHA512 lanes that advance together (the four 64-bit lanes of an AVX2
/// register when the CPU has them, see CPBKDF2.h). Lanes are independent: each carries its
/// own password, salt and iteration count, and a lane whose derivation finishes takes the
/// next job at once while the others keep going.
///
/// Not thread-safe: one ``PBKDF2Batcher`` worker run at a time uses it.
final class PBKDF2Lanes: @unchecked Sendable {
    static let count = Int(CPBKDF2_LANES)

    private let lanes: UnsafeMutablePointer<cpbkdf2_lane>
    private var occupants: [PBKDF2Job?] = Array(repeating: nil, count: PBKDF2Lanes.count)

    init() {
        lanes = .allocate(capacity: Self.count)
        lanes.initialize(repeating: cpbkdf2_lane(), count: Self.count)
    }

    deinit {
        cpbkdf2_wipe(lanes, MemoryLayout<cpbkdf2_lane>.stride * Self.count)
        lanes.deallocate()
    }

    /// Lanes without a derivation.
    var freeLanes: Int { occupants.count { $0 == nil } }

    /// True when no lane holds a derivation.
    var isIdle: Bool { freeLanes == Self.count }

    /// Puts each job into a free lane (at most ``freeLanes`` jobs).
    func admit(_ jobs: some Sequence<PBKDF2Job>) {
        var free = occupants.indices.filter { occupants[$0] == nil }.makeIterator()
        for job in jobs {
            guard let index = free.next() else { preconditionFailure("more jobs than free lanes") }
            job.start(in: lanes + index)
            occupants[index] = job
        }
    }

    /// Runs up to `maximumSteps` iterations on every occupied lane (fewer when a lane has
    /// fewer left), then takes the finished derivations out of their lanes.
    /// - Returns: The finished jobs with their derived keys.
    func advance(maximumSteps: UInt32) -> [(job: PBKDF2Job, key: [UInt8])] {
        let busy = occupants.indices.filter { occupants[$0] != nil }
        let steps = busy.reduce(maximumSteps) { min($0, lanes[$1].remaining) }
        if steps > 0 {
            let pointers: [UnsafeMutablePointer<cpbkdf2_lane>?] = busy.map { lanes + $0 }
            cpbkdf2_lanes_advance(pointers, pointers.count, steps)
        }
        var finished: [(job: PBKDF2Job, key: [UInt8])] = []
        for index in busy where lanes[index].remaining == 0 {
            guard let job = occupants[index] else { continue }
            let key = [UInt8](unsafeUninitializedCapacity: job.length) { buffer, initialized in
                cpbkdf2_lane_finish(lanes + index, buffer.baseAddress, job.length)
                initialized = job.length
            }
            occupants[index] = nil
            finished.append((job, key))
        }
        return finished
    }

    /// Empties every lane (wiping it) and returns the jobs that were in them.
    func evict() -> [PBKDF2Job] {
        let jobs = occupants.compactMap { $0 }
        cpbkdf2_wipe(lanes, MemoryLayout<cpbkdf2_lane>.stride * Self.count)
        occupants = Array(repeating: nil, count: Self.count)
        return jobs
    }
}
