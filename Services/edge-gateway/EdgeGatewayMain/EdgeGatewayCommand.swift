import ArgumentParser
import EdgeGateway
import ServiceSupport

/// `edge-gateway [serve]` runs the gateway; `edge-gateway healthcheck` probes it (started by ``EdgeGatewayEntry``,
/// which first moves Swift Concurrency onto the event loops).
struct EdgeGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: GatewayServiceDefinition.name,
        abstract: GatewayServiceDefinition.summary,
        discussion: GatewayServiceDefinition.environmentHelp,
        subcommands: [ServeCommand<GatewayServiceDefinition>.self, HealthcheckCommand<GatewayServiceDefinition>.self],
        defaultSubcommand: ServeCommand<GatewayServiceDefinition>.self
    )
}
