import Foundation
import Logging

/// Records events without letting a failure to record break the request.
public struct EventRecorder: Sendable {
    let store: any EventStore

    /// Creates a recorder.
    public init(store: any EventStore) { self.store = store }

    /// Appends an event when the realm saves events of its type
    /// (``RealmSettings/savesEvents(ofType:)``); a database error is logged, not thrown.
    public func record(_ event: IdentityEvent, in realm: Realm, logger: Logger) async {
        guard realm.settings.savesEvents(ofType: event.type) else { return }
        do {
            try await store.record(event, logger: logger)
        } catch {
            logger.warning("could not record event", metadata: ["event": "\(event.type)", "error": "\(String(reflecting: error))"])
        }
    }
}
