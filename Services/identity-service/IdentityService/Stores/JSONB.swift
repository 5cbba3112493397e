import Foundation
import PostgresNIO

/// A Codable value stored in a `jsonb` column.
struct JSONB<Value: Codable & Sendable>: Codable, Sendable, PostgresCodable {
    var value: Value

    init(_ value: Value) { self.value = value }

    init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Value.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension RealmSettings: PostgresCodable {}

/// Maps postgres-nio failures that stores expect into ``IdentityError``s.
enum StoreErrors {
    /// Runs `body`, turning a unique violation into `.conflict` with `message`.
    @discardableResult
    static func uniqueAsConflict<T>(_ message: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw IdentityError(.conflict, message)
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? PSQLError, inner.serverInfo?[.sqlState] == "23505" {
                throw IdentityError(.conflict, message)
            }
            throw error
        }
    }
}
