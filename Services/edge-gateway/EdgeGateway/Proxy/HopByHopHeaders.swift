import Foundation
import HTTPTypes

/// RFC 9110 §7.6.1: connection-specific header fields are for one hop only. A proxy must
/// remove `Connection`, every field `Connection` names, and the well-known hop-by-hop
/// fields, in both directions.
enum HopByHopHeaders {
    /// Fields that are always hop-by-hop.
    static let names: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
        "proxy-authenticate", "proxy-authorization", "http2-settings",
    ]

    /// Lower-cased names `Connection` lists, plus the fixed set.
    static func removable(in fields: HTTPFields) -> Set<String> {
        var result = names
        for value in fields[values: .connection] {
            for token in value.split(separator: ",") {
                let name = token.trimmingCharacters(in: .whitespaces).lowercased()
                if !name.isEmpty { result.insert(name) }
            }
        }
        return result
    }

    /// `fields` without hop-by-hop fields.
    static func stripped(_ fields: HTTPFields) -> HTTPFields {
        let removable = removable(in: fields)
        return HTTPFields(fields.filter { !removable.contains($0.name.canonicalName) })
    }
}
