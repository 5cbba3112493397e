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
    static func removable(in fields: some HeaderFieldList) -> Set<String> {
        var result = names
        result.formUnion(connectionNamed(in: fields))
        return result
    }

    /// The lower-cased field names the `Connection` fields list (usually none or `close`).
    /// One pass over the fields; a lone `keep-alive` or `close` costs no allocation.
    static func connectionNamed(in fields: some HeaderFieldList) -> [String] {
        var result: [String] = []
        fields.forEachField { name, value in
            guard name.utf8.count == 10, HeaderName.matches(name, "connection") else { return }
            if result.isEmpty, let common = commonValues.first(where: { HeaderName.matches(value, $0[0]) }) {
                result = common
                return
            }
            HeaderValueList.forEachElement(of: value) { token in
                result.append(HeaderName.lowercased(String(decoding: token, as: UTF8.self)))
            }
        }
        return result
    }

    /// Whether a field is hop-by-hop, given its lower-cased name and what `Connection` named.
    static func isHopByHop(_ lowercasedName: String, named: [String]) -> Bool {
        names.contains(lowercasedName) || named.contains(lowercasedName)
    }

    /// Whether a field is hop-by-hop, given its name in any case and what `Connection` named
    /// (lower-cased); allocates nothing.
    static func isHopByHop(anyCase name: String, named: [String]) -> Bool {
        let length = name.utf8.count
        guard length < namesByLength.count else { return named.contains { HeaderName.matches(name, $0) } }
        return namesByLength[length].contains { HeaderName.matches(name, $0) } || named.contains { HeaderName.matches(name, $0) }
    }

    /// ``names`` by their length: a field is compared only with the names as long as its own.
    private static let namesByLength: [[String]] = {
        var result = [[String]](repeating: [], count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for name in names { result[name.utf8.count].append(name) }
        return result
    }()

    /// What `Connection` names most often, ready made.
    private static let commonValues = [["keep-alive"], ["close"]]

    /// `fields` without hop-by-hop fields (the same value, uncopied, when there are none).
    static func stripped(_ fields: HTTPFields) -> HTTPFields {
        let named = connectionNamed(in: fields)
        func isHopByHop(_ field: HTTPField) -> Bool { Self.isHopByHop(field.name.canonicalName, named: named) }
        guard fields.contains(where: isHopByHop) else { return fields }
        return HTTPFields(fields.filter { !isHopByHop($0) })
    }
}
