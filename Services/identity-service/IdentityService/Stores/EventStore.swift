import Foundation
import Logging
import PostgresNIO
import ServiceSupport

/// The event log.
public protocol EventStore: Sendable {
    /// Appends an event.
    func record(_ event: IdentityEvent, logger: Logger) async throws
    /// The realm's events, newest first, optionally of some types only, paged.
    func events(realmID: UUID, types: [String], first: Int, max: Int, logger: Logger) async throws -> [IdentityEvent]
}

/// ``EventStore`` on PostgreSQL.
public struct PostgresEventStore: EventStore {
    let client: PostgresClient

    /// Creates the store.
    public init(client: PostgresClient) { self.client = client }

    public func record(_ e: IdentityEvent, logger: Logger) async throws {
        try await record(batch: [e], logger: logger)
    }

    /// Appends several events in one statement, in order.
    /// - Parameter batch: At most ``maximumBatch`` events.
    public func record(batch: [IdentityEvent], logger: Logger) async throws {
        precondition(batch.count <= Self.maximumBatch, "batch too large")
        guard !batch.isEmpty else { return }
        var sql = "INSERT INTO events (realm_id, type, client_id, user_id, session_id, ip_address, error, details, time) VALUES "
        sql.reserveCapacity(sql.utf8.count + batch.count * 64)
        var binds = PostgresBindings(capacity: batch.count * 9)
        for (index, e) in batch.enumerated() {
            let base = index * 9
            sql += index == 0 ? "(" : ", ("
            for column in 1...9 {
                if column > 1 { sql += ", " }
                sql += "$\(base + column)"
                if column == 8 { sql += "::jsonb" }
            }
            sql += ")"
            binds.append(e.realmID)
            binds.append(e.type)
            binds.append(e.clientID)
            binds.append(e.userID)
            binds.append(e.sessionID)
            binds.append(e.ipAddress)
            binds.append(e.error)
            binds.append(Self.detailsJSON(e.details))
            binds.append(e.time)
        }
        try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    /// An event's details as JSON text (keys sorted), bound as text and cast to `jsonb`: one
    /// small writer instead of a `JSONEncoder` per event.
    static func detailsJSON(_ details: [String: String]) -> String {
        guard !details.isEmpty else { return "{}" }
        let json = JSONWriter.object(capacity: 64) { json in
            for (key, value) in details.sorted(by: { $0.key < $1.key }) { json.member(key, value) }
        }
        return String(decoding: json, as: UTF8.self)
    }

    /// Most events per ``record(batch:logger:)`` (9 parameters each, well under PostgreSQL's 65,535).
    public static let maximumBatch = 500

    public func events(realmID: UUID, types: [String], first: Int, max: Int, logger: Logger) async throws -> [IdentityEvent] {
        let rows = try await client.query("""
            SELECT type, client_id, user_id, session_id, ip_address, error, details, time FROM events
            WHERE realm_id = \(realmID) AND (cardinality(\(types)::text[]) = 0 OR type = ANY(\(types)))
            ORDER BY time DESC, id DESC OFFSET \(Swift.max(0, first)) LIMIT \(Swift.min(Swift.max(0, max), 1000))
            """, logger: logger)
        var events: [IdentityEvent] = []
        for try await r in rows.decode((String, String?, UUID?, UUID?, String?, String?, JSONB<[String: String]>, Date).self) {
            var event = IdentityEvent(type: r.0, realmID: realmID, clientID: r.1, userID: r.2, sessionID: r.3, ipAddress: r.4,
                                      error: r.5, details: r.6.value)
            event.time = r.7
            events.append(event)
        }
        return events
    }
}
