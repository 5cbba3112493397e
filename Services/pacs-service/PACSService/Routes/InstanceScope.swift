import Hummingbird

/// The study / series / instance scope named by path parameters.
enum InstanceScope {
    /// Reads `study`, `series` and `instance` parameters that are present.
    /// - Throws: ``PACSError`` `.badRequest` for an invalid UID.
    static func from<Context: RequestContext>(_ context: Context) throws -> RetrieveScope {
        RetrieveScope(
            study: try StudyPath.uid(context.parameters.get("study")),
            series: try context.parameters.get("series").map { try StudyPath.uid($0, name: "series") },
            instance: try context.parameters.get("instance").map { try StudyPath.uid($0, name: "instance") }
        )
    }
}
