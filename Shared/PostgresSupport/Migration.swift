import Foundation

/// One versioned schema change: a SQL script applied once, in a transaction.
public struct Migration: Sendable, Hashable {
    /// Ordering number; applied in ascending order, each exactly once.
    public var version: Int
    /// Short description, from the file name.
    public var name: String
    /// The SQL script (may hold several statements).
    public var sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Loads `NNNN_name.sql` files from a directory, sorted by version.
    /// - Parameter directory: A folder of migration files (usually a bundle resource).
    /// - Throws: ``MigrationError`` when a file name has no version or two files share one.
    public static func load(from directory: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
        var migrations: [Migration] = []
        for file in files {
            let stem = file.deletingPathExtension().lastPathComponent
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let version = Int(parts[0]), version > 0 else {
                throw MigrationError(.badFileName, detail: file.lastPathComponent)
            }
            let sql = try String(contentsOf: file, encoding: .utf8)
            migrations.append(Migration(version: version, name: String(parts[1]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw MigrationError(.duplicateVersion, detail: "\(next.version)")
        }
        return migrations
    }
}

/// Why migrations could not be applied.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    /// Kinds of failure.
    public enum Code: Sendable {
        /// A file is not named `NNNN_name.sql`.
        case badFileName
        /// Two migrations share a version.
        case duplicateVersion
        /// An applied migration's SQL changed since it was applied.
        case checksumMismatch
        /// The database knows a version this build does not (a newer release ran).
        case unknownAppliedVersion
        /// A script failed; the transaction was rolled back.
        case failed
    }

    /// The kind.
    public var code: Code
    /// File name, version or server message.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String {
        switch code {
        case .badFileName: return "migration file '\(detail)' is not named NNNN_name.sql"
        case .duplicateVersion: return "two migrations have version \(detail)"
        case .checksumMismatch: return "migration \(detail) was changed after it was applied; add a new migration instead"
        case .unknownAppliedVersion: return "the database has migration \(detail), which this build does not know (a newer release ran against it)"
        case .failed: return "migration failed: \(detail)"
        }
    }
}
