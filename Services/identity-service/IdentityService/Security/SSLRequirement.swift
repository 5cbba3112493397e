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
        if let octets = ipv4Octets(text) {
            let a = octets[0], b = octets[1]
            return a == 127 || a == 10 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168) || octets.allSatisfy { $0 == 0 }
        }
        guard text.contains(":") else { return false }
        if text == "::1" || text == "::" { return true }
        guard let first = text.split(separator: ":").first, let group = UInt16(first, radix: 16) else { return false }
        return group & 0xffc0 == 0xfec0
    }

    /// The four octets of a dotted-decimal IPv4 address (one to three digits each, at most
    /// 255), read over its bytes; nil for anything else.
    static func ipv4Octets(_ text: String) -> [UInt8]? {
        var octets: [UInt8] = []
        for part in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard (1...3).contains(part.count), part.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            let value = part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard value <= 255 else { return nil }
            octets.append(UInt8(value))
        }
        return octets.count == 4 ? octets : nil
    }
}
