import HTTPTypes
import NIOHTTP1

/// Header fields being put together for NIO's `HTTPHeaders` on the direct path: name–value
/// pairs in an array, made into `HTTPHeaders` once complete (``headers``).
///
/// `HTTPHeaders.add` checks each name it is given (a scan for non-ASCII bytes and a
/// case-insensitive comparison with `connection`). The fields put together here are copied
/// from messages NIO parsed or are the gateway's own constants: a dozen such checks per
/// proxied request were 6% of its instructions.
struct HeaderArray: HeaderFieldList {
    /// The fields, in order.
    private(set) var fields: [(String, String)] = []

    init() {}

    mutating func reserveCapacity(_ minimumCapacity: Int) {
        fields.reserveCapacity(minimumCapacity)
    }

    func forEachField(_ body: (String, String) -> Void) {
        for (name, value) in fields { body(name, value) }
    }

    subscript(first name: HTTPField.Name) -> String? {
        get {
            let lowercased = name.canonicalName
            return fields.first { HeaderName.matches($0.0, lowercased) }?.1
        }
        set {
            let lowercased = name.canonicalName
            guard let index = fields.firstIndex(where: { HeaderName.matches($0.0, lowercased) }) else {
                if let newValue { fields.append((name.rawName, newValue)) }
                return
            }
            var rest = fields[(index + 1)...].filter { !HeaderName.matches($0.0, lowercased) }
            fields.removeSubrange(index...)
            if let newValue { rest.insert((name.rawName, newValue), at: 0) }
            fields.append(contentsOf: rest)
        }
    }

    func values(_ name: HTTPField.Name) -> [String] {
        let lowercased = name.canonicalName
        return fields.compactMap { HeaderName.matches($0.0, lowercased) ? $0.1 : nil }
    }

    mutating func append(name: String, value: String) {
        fields.append((name, value))
    }

    /// The fields as NIO's `HTTPHeaders`, without checking them again.
    var headers: HTTPHeaders { HTTPHeaders(fields) }
}
