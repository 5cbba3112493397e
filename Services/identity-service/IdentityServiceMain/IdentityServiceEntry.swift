import IdentityService
import ServiceSupport

/// The process entry point: Swift Concurrency moves onto the event loops first (before any
/// task reaches the global executor), then the command runs.
@main
enum IdentityServiceEntry {
    static func main() async {
        EventLoopExecutor.install()
        await IdentityServiceCommand.main(nil)
    }
}
