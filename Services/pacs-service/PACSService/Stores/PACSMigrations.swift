import Foundation
import PostgresSupport

/// The index schema's migrations (`Migrations/NNNN_name.sql`, bundled).
public enum PACSMigrations {
    /// Loads them in version order.
    /// - Throws: ``MigrationError`` for a misnamed file.
    public static func load() throws -> [Migration] {
        try Migration.load(from: Bundle.module.url(forResource: "Migrations", withExtension: nil)!)
    }
}
