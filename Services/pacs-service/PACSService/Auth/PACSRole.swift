/// The realm roles pacs-service checks (ARCHITECTURE: realm `ohif`).
public enum PACSRole: String, Sendable, CaseIterable {
    /// Search and retrieve.
    case read = "pacs-read"
    /// Store (STOW-RS, raw upload).
    case write = "pacs-write"
    /// Delete and reject.
    case admin = "pacs-admin"

    /// The role a request needs, from its method and path.
    /// - Returns: nil for requests that need none (CORS preflight).
    static func required(method: String, path: String) -> PACSRole? {
        switch method {
        case "OPTIONS": return nil
        case "DELETE": return .admin
        case "POST":
            if path.contains("/reject/") { return .admin }
            return .write
        default: return .read
        }
    }
}
