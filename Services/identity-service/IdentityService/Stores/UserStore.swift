import Foundation
import Logging
import PostgresNIO

/// Users and their password credentials.
public protocol UserStore: Sendable {
    /// The user with id `id` in the realm, or nil.
    func user(realmID: UUID, id: UUID, logger: Logger) async throws -> User?
    /// The user with this username, or (when `orEmail`) this email, or nil.
    func user(realmID: UUID, usernameOrEmail: String, orEmail: Bool, logger: Logger) async throws -> User?
    /// The service-account user of a client, or nil.
    func serviceAccountUser(clientID: UUID, logger: Logger) async throws -> User?
    /// Users matching the query, ordered by username.
    func users(realmID: UUID, query: UserQuery, logger: Logger) async throws -> [User]
    /// How many users match the query (ignores `first`/`max`).
    func count(realmID: UUID, query: UserQuery, logger: Logger) async throws -> Int
    /// Inserts a user.
    /// - Throws: ``IdentityError`` `.conflict` when the username or email is taken.
    func create(_ user: User, logger: Logger) async throws
    /// Saves every field of the user.
    /// - Throws: ``IdentityError`` `.conflict` when the new username or email is taken.
    func update(_ user: User, logger: Logger) async throws
    /// Deletes a user.
    func delete(id: UUID, logger: Logger) async throws
    /// The user's password credential, or nil.
    func password(userID: UUID, logger: Logger) async throws -> PasswordCredential?
    /// Replaces the user's password credential.
    func setPassword(userID: UUID, _ credential: PasswordCredential, logger: Logger) async throws
}

/// ``UserStore`` on PostgreSQL.
public struct PostgresUserStore: UserStore {
    let client: PostgresClient

    /// Creates the store.
    public init(client: PostgresClient) { self.client = client }

    static let columns = """
        id, realm_id, username, email, first_name, last_name, enabled, email_verified, attributes, required_actions, \
        service_account_client_id, created_at
        """

    public func user(realmID: UUID, id: UUID, logger: Logger) async throws -> User? {
        try await fetch("SELECT \(unescaped: Self.columns) FROM users WHERE realm_id = \(realmID) AND id = \(id)", logger: logger).first
    }

    public func user(realmID: UUID, usernameOrEmail: String, orEmail: Bool, logger: Logger) async throws -> User? {
        let name = usernameOrEmail.lowercased()
        if let user = try await fetch(
            "SELECT \(unescaped: Self.columns) FROM users WHERE realm_id = \(realmID) AND username = \(name)", logger: logger).first {
            return user
        }
        guard orEmail, name.contains("@") else { return nil }
        let matches = try await fetch(
            "SELECT \(unescaped: Self.columns) FROM users WHERE realm_id = \(realmID) AND email = \(name) LIMIT 2", logger: logger)
        return matches.count == 1 ? matches[0] : nil
    }

    public func serviceAccountUser(clientID: UUID, logger: Logger) async throws -> User? {
        try await fetch("SELECT \(unescaped: Self.columns) FROM users WHERE service_account_client_id = \(clientID)", logger: logger).first
    }

    public func users(realmID: UUID, query: UserQuery, logger: Logger) async throws -> [User] {
        var sql = PostgresQuery(stringLiteral: "SELECT \(Self.columns) FROM users")
        try Self.appendFilter(to: &sql, realmID: realmID, query: query)
        let first = max(0, query.first)
        let limit = min(max(0, query.max), 1000)
        sql.sql += " ORDER BY username OFFSET \(first) LIMIT \(limit)"
        return try await fetch(sql, logger: logger)
    }

    public func count(realmID: UUID, query: UserQuery, logger: Logger) async throws -> Int {
        var sql = PostgresQuery(stringLiteral: "SELECT count(*) FROM users")
        try Self.appendFilter(to: &sql, realmID: realmID, query: query)
        for try await count in try await client.query(sql, logger: logger).decode(Int.self) { return count }
        return 0
    }

    /// Appends `WHERE …` for the query with bound parameters (service accounts never match).
    static func appendFilter(to sql: inout PostgresQuery, realmID: UUID, query: UserQuery) throws {
        func bind(_ value: some PostgresEncodable) throws -> String {
            try sql.binds.append(value, context: .default)
            return "$\(sql.binds.count)"
        }
        func escapeLike(_ text: String) -> String {
            text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        }
        var conditions = ["realm_id = \(try bind(realmID))", "service_account_client_id IS NULL"]
        if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty, search != "*" {
            let pattern = try bind("%" + escapeLike(search.replacingOccurrences(of: "*", with: "")) + "%")
            conditions.append("(username LIKE \(pattern) OR lower(coalesce(email, '')) LIKE \(pattern) OR lower(coalesce(first_name, '')) LIKE \(pattern) OR lower(coalesce(last_name, '')) LIKE \(pattern))")
        }
        for (column, value) in [("username", query.username), ("email", query.email), ("first_name", query.firstName), ("last_name", query.lastName)] {
            guard let value, !value.isEmpty else { continue }
            if query.exact {
                conditions.append("lower(coalesce(\(column), '')) = \(try bind(value.lowercased()))")
            } else {
                conditions.append("lower(coalesce(\(column), '')) LIKE \(try bind("%" + escapeLike(value) + "%"))")
            }
        }
        if let enabled = query.enabled { conditions.append("enabled = \(try bind(enabled))") }
        sql.sql += " WHERE " + conditions.joined(separator: " AND ")
    }

    public func create(_ u: User, logger: Logger) async throws {
        try await StoreErrors.uniqueAsConflict(Self.conflictMessage(u)) {
            try await client.query("""
                INSERT INTO users (id, realm_id, username, email, first_name, last_name, enabled, email_verified, attributes,
                    required_actions, service_account_client_id, created_at)
                VALUES (\(u.id), \(u.realmID), \(u.username.lowercased()), \(u.email?.lowercased()), \(u.firstName), \(u.lastName),
                    \(u.enabled), \(u.emailVerified), \(JSONB(u.attributes)), \(u.requiredActions), \(u.serviceAccountClientID), \(u.createdAt))
                """, logger: logger)
        }
    }

    public func update(_ u: User, logger: Logger) async throws {
        try await StoreErrors.uniqueAsConflict(Self.conflictMessage(u)) {
            try await client.query("""
                UPDATE users SET username = \(u.username.lowercased()), email = \(u.email?.lowercased()), first_name = \(u.firstName),
                    last_name = \(u.lastName), enabled = \(u.enabled), email_verified = \(u.emailVerified),
                    attributes = \(JSONB(u.attributes)), required_actions = \(u.requiredActions)
                WHERE id = \(u.id)
                """, logger: logger)
        }
    }

    static func conflictMessage(_ user: User) -> String {
        user.email == nil ? "User exists with same username" : "User exists with same username or email"
    }

    public func delete(id: UUID, logger: Logger) async throws {
        try await client.query("DELETE FROM users WHERE id = \(id)", logger: logger)
    }

    public func password(userID: UUID, logger: Logger) async throws -> PasswordCredential? {
        let rows = try await client.query(
            "SELECT algorithm, iterations, salt, hash FROM credentials WHERE user_id = \(userID) AND type = 'password'", logger: logger)
        for try await (algorithm, iterations, salt, hash) in rows.decode((String, Int, Data, Data).self) {
            guard let algorithm = PasswordAlgorithm(rawValue: algorithm) else { return nil }
            return PasswordCredential(algorithm: algorithm, iterations: iterations, salt: Array(salt), hash: Array(hash))
        }
        return nil
    }

    public func setPassword(userID: UUID, _ c: PasswordCredential, logger: Logger) async throws {
        try await client.query("""
            INSERT INTO credentials (id, user_id, type, algorithm, iterations, salt, hash)
            VALUES (\(UUID()), \(userID), 'password', \(c.algorithm.rawValue), \(c.iterations), \(Data(c.salt)), \(Data(c.hash)))
            ON CONFLICT (user_id, type) DO UPDATE SET algorithm = excluded.algorithm, iterations = excluded.iterations,
                salt = excluded.salt, hash = excluded.hash, created_at = now()
            """, logger: logger)
    }

    private func fetch(_ query: PostgresQuery, logger: Logger) async throws -> [User] {
        var result: [User] = []
        for try await row in try await client.query(query, logger: logger) {
            let r = try row.decode((UUID, UUID, String, String?, String?, String?, Bool, Bool, JSONB<[String: [String]]>,
                                    [String], UUID?, Date).self)
            var user = User(id: r.0, realmID: r.1, username: r.2)
            user.email = r.3; user.firstName = r.4; user.lastName = r.5; user.enabled = r.6; user.emailVerified = r.7
            user.attributes = r.8.value; user.requiredActions = r.9; user.serviceAccountClientID = r.10; user.createdAt = r.11
            result.append(user)
        }
        return result
    }
}
