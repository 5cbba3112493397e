/// The gateway's routes; the longest matching prefix wins.
public struct RouteTable: Sendable {
    /// The routes, longest prefix first.
    public let routes: [GatewayRoute]

    /// Creates a table.
    /// - Parameter routes: Routes in any order; exactly one should have an empty prefix (the fallback).
    public init(_ routes: [GatewayRoute]) {
        self.routes = routes.sorted { $0.prefix.count > $1.prefix.count }
    }

    /// The route owning `path`, or `nil` when none does.
    public func route(for path: NormalizedPath) -> GatewayRoute? {
        routes.first { path.hasPrefix($0.prefix) }
    }
}
