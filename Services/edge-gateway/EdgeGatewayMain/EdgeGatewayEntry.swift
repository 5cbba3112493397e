import ArgumentParser
import EdgeGateway
import ServiceSupport

/// The process entry point: Swift Concurrency moves onto the event loops first (before any
/// task reaches the global executor), then the command runs.
@main
enum EdgeGatewayEntry {
    static func main() async {
        EventLoopExecutor.install()
        await EdgeGatewayCommand.main(nil)
    }
}
