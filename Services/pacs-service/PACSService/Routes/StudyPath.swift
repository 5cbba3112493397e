/// Validation of the UIDs in request paths.
enum StudyPath {
    /// A path segment as a UID.
    /// - Throws: ``PACSError`` `.badRequest` when missing or not a valid UID.
    static func uid(_ text: String?, name: String = "study") throws -> DICOMUID {
        guard let text, let uid = DICOMUID(rawValue: text) else {
            throw PACSError(.badRequest, "the \(name) in the path is not a valid UID")
        }
        return uid
    }
}
