import ArgumentParser
import PACSService
import ServiceSupport

/// `pacs-service [serve]` runs the service; `pacs-service healthcheck` probes it.
@main
struct PACSServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: PACSServiceDefinition.name,
        abstract: PACSServiceDefinition.summary,
        discussion: PACSServiceDefinition.environmentHelp,
        subcommands: [ServeCommand<PACSServiceDefinition>.self, HealthcheckCommand<PACSServiceDefinition>.self],
        defaultSubcommand: ServeCommand<PACSServiceDefinition>.self
    )
}
