import Foundation

/// Keycloak's realm `sslRequired`: `none`, `external` (plain HTTP only from local and
/// private addresses) or `all`.
public enum SSLRequirement {
    /// Whether a request must be refused for coming over plain HTTP.
    /// - Parameters:
    ///   - mode: The realm's `sslRequired` (an unknown value counts as `external`, Keycloak's default).
    ///   - secure: Whether the request reached the stack over HTTPS.
    ///   - clientAddress: The client's IP address, nil when unknown (an in-process caller).
    /// - Returns: true when the request must be answered "HTTPS required".
    public static func refuses(mode: String, secure: Bool, clientAddress: String?) -> Bool {
        guard !secure else { return false }
        switch mode.lowercased() {
        case "none": return false
        case "all": return true
        default: return !(clientAddress.map(isLocal) ?? true)
        }
    }

    /// Keycloak's notion of a local address (`InetAddress` any-local, loopback or site-local):
    /// 0.0.0.0, 127/8, 10/8, 172.16/12, 192.168/16, `::`, `::1`, `fec0::/10`, and IPv4-mapped forms.
    /// - Returns: false for public and malformed addresses.
    public static func isLocal(_ address: String) -> Bool {
        var text = address.lowercased()
        if text.hasPrefix("::ffff:"), text.contains(".") { text = String(text.dropFirst(7)) }
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        if octets.count == 4, octets.allSatisfy({ $0 != nil }) {
            let a = octets[0]!, b = octets[1]!
            return a == 127 || a == 10 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168) || octets.allSatisfy { $0 == 0 }
        }
        guard text.contains(":") else { return false }
        if text == "::1" || text == "::" { return true }
        guard let first = text.split(separator: ":").first, let group = UInt16(first, radix: 16) else { return false }
        return group & 0xffc0 == 0xfec0
    }
}
