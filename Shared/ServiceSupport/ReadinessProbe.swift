import Synchronization

/// Runs readiness checks concurrently, each bounded by a timeout, and reports the result.
public struct ReadinessProbe: Sendable {
    /// Outcome of one check.
    public enum Outcome: Sendable, Equatable {
        /// The dependency answered.
        case up
        /// It did not; the reason is safe to show.
        case down(String)
    }

    /// The checks run on every probe.
    public let checks: [any ReadinessCheck]
    /// Upper bound for each check.
    public let timeout: Duration

    /// Creates a probe.
    public init(checks: [any ReadinessCheck], timeout: Duration = .seconds(2)) {
        self.checks = checks
        self.timeout = timeout
    }

    /// Runs every check; the result maps check names to outcomes.
    public func run() async -> [String: Outcome] {
        await withTaskGroup(of: (String, Outcome).self) { group in
            for check in checks {
                group.addTask { (check.name, await Self.run(check, timeout: timeout)) }
            }
            var results: [String: Outcome] = [:]
            for await (name, outcome) in group { results[name] = outcome }
            return results
        }
    }

    /// Runs one check; a check that ignores cancellation cannot hold the probe past `timeout`.
    static func run(_ check: any ReadinessCheck, timeout: Duration) async -> Outcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let gate = Mutex<CheckedContinuation<Outcome, Never>?>(continuation)
            let finish: @Sendable (Outcome) -> Void = { outcome in
                gate.withLock { pending in
                    pending?.resume(returning: outcome)
                    pending = nil
                }
            }
            let work = Task {
                do {
                    try await check.check()
                    finish(.up)
                } catch let failure as ReadinessFailure {
                    finish(.down(failure.reason))
                } catch {
                    finish(.down(String(describing: type(of: error))))
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                finish(.down("no answer within \(timeout.components.seconds) s"))
                work.cancel()
            }
        }
    }
}
