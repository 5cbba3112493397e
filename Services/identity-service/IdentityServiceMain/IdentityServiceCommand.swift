import ArgumentParser
import IdentityService
import ServiceSupport

/// `identity-service [serve]` runs the service; `identity-service healthcheck` probes it.
@main
struct IdentityServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: IdentityServiceDefinition.name,
        abstract: IdentityServiceDefinition.summary,
        discussion: IdentityServiceDefinition.environmentHelp,
        subcommands: [ServeCommand<IdentityServiceDefinition>.self, HealthcheckCommand<IdentityServiceDefinition>.self],
        defaultSubcommand: ServeCommand<IdentityServiceDefinition>.self
    )
}
