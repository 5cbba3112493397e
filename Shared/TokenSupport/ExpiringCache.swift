import Foundation
import Synchronization

/// A thread-safe cache with a fixed capacity whose entries expire at their own instant.
///
/// Used for verified tokens and introspection answers. When full it first drops expired
/// entries, then those expiring soonest, so its memory stays bounded whatever clients send.
public final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expiresAt: Date
    }

    private let storage = Mutex<[Key: Entry]>([:])
    /// Most entries kept.
    public let capacity: Int

    /// Creates a cache.
    /// - Parameter capacity: Most entries kept (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The value for `key` when present and not expired at `now`.
    public func value(for key: Key, now: Date = Date()) -> Value? {
        entry(for: key, now: now)?.value
    }

    /// The value for `key` and the instant it expires, when present and not expired at `now`.
    public func entry(for key: Key, now: Date = Date()) -> (value: Value, expiresAt: Date)? {
        storage.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expiresAt > now else {
                entries[key] = nil
                return nil
            }
            return (entry.value, entry.expiresAt)
        }
    }

    /// Stores `value` until `expiresAt`; a value already expired is not stored.
    public func insert(_ value: Value, for key: Key, expiresAt: Date, now: Date = Date()) {
        guard expiresAt > now else { return }
        storage.withLock { entries in
            if entries[key] == nil, entries.count >= capacity {
                Self.makeRoom(&entries, capacity: capacity, now: now)
            }
            entries[key] = Entry(value: value, expiresAt: expiresAt)
        }
    }

    /// Removes the entry for `key`.
    public func remove(_ key: Key) {
        _ = storage.withLock { $0.removeValue(forKey: key) }
    }

    /// Number of entries held, expired ones included until they are dropped.
    public var count: Int {
        storage.withLock { $0.count }
    }

    private static func makeRoom(_ entries: inout [Key: Entry], capacity: Int, now: Date) {
        entries = entries.filter { $0.value.expiresAt > now }
        let target = capacity - max(1, capacity / 8)
        guard entries.count > target else { return }
        let soonest = entries.sorted { $0.value.expiresAt < $1.value.expiresAt }.prefix(entries.count - target)
        for (key, _) in soonest { entries[key] = nil }
    }
}
