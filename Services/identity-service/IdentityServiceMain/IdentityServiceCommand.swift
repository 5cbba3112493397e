import ArgumentParser
import IdentityService
import ServiceSupport

/// `identity-service [serve]` runs the service; `healthcheck` probes it; `export` writes a realm as JSON.
struct IdentityServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: IdentityServiceDefinition.name,
        abstract: IdentityServiceDefinition.summary,
        discussion: IdentityServiceDefinition.environmentHelp,
        subcommands: [ServeCommand<IdentityServiceDefinition>.self, HealthcheckCommand<IdentityServiceDefinition>.self, ExportCommand.self],
        defaultSubcommand: ServeCommand<IdentityServiceDefinition>.self
    )
}
