import Foundation

import DICOMCore

extension QIDOQuery {
    /// Parses the query parameters of a QIDO-RS request.
    /// - Parameters:
    ///   - level: The level searched.
    ///   - study: The study in the path, if any.
    ///   - series: The series in the path, if any.
    ///   - parameters: Decoded query pairs in order.
    ///   - defaultLimit: The limit when none is given.
    ///   - maxLimit: The largest limit honoured.
    /// - Throws: ``PACSError`` `.badRequest` naming the offending parameter.
    public init(level: Level, study: DICOMUID?, series: DICOMUID?, parameters: [(name: String, value: String)],
                defaultLimit: Int, maxLimit: Int) throws {
        self.init(level: level, study: study, series: series, limit: defaultLimit)
        for (name, value) in parameters {
            switch name.lowercased() {
            case "limit":
                guard let number = Int(value), number >= 0 else { throw PACSError(.badRequest, "limit must be a non-negative integer") }
                limit = min(number, maxLimit)
                limitLowered = number > maxLimit
            case "offset":
                guard let number = Int(value), number >= 0, number <= 10_000_000 else { throw PACSError(.badRequest, "offset must be a non-negative integer") }
                offset = number
            case "fuzzymatching":
                switch value.lowercased() {
                case "true": fuzzy = true
                case "false": fuzzy = false
                default: throw PACSError(.badRequest, "fuzzymatching must be true or false")
                }
            case "includefield":
                for field in value.split(separator: ",", omittingEmptySubsequences: true) {
                    let field = field.trimmingCharacters(in: .whitespaces)
                    if field.lowercased() == "all" {
                        includeAll = true
                    } else {
                        let path = try Self.attributePath(field)
                        includeFields.append(path[0])
                    }
                }
            case "emptyvaluematching":
                emptyValueMatchingRequested = value.lowercased() == "true"
            case "_", "accept", "charset":
                continue
            default:
                try addMatch(name: name, value: value)
            }
        }
        guard matches.count <= 64, includeFields.count <= 256 else { throw PACSError(.badRequest, "too many query keys") }
    }

    private mutating func addMatch(name: String, value: String) throws {
        let path = try Self.attributePath(name)
        guard value.utf8.count <= 1024 else { throw PACSError(.badRequest, "value of \(name) is too long") }
        let tag = path[path.count - 1]
        let vr = DataDictionary.entry(for: tag)?.vr ?? .UN
        guard vr.isString || vr == .SQ else { throw PACSError(.badRequest, "\(name) cannot be used for matching") }
        let matchValue = try Self.matchValue(value, vr: vr, name: name)
        if path.count == 1, matchValue == .universal {
            includeFields.append(tag)
            return
        }
        if path.count == 1 && vr == .SQ { throw PACSError(.badRequest, "\(name) is a sequence: match one of its attributes (\(name).Keyword)") }
        // A repeated UID key is one UID list (dicomweb-client sends lists so).
        if vr == .UI, let existing = matches.firstIndex(where: { $0.path == path }) {
            func uids(_ value: MatchValue) -> [String] {
                switch value {
                case .single(let uid): [uid]
                case .uidList(let list): list
                default: []
                }
            }
            matches[existing].value = .uidList(uids(matches[existing].value) + uids(matchValue))
            return
        }
        matches.append(Match(path: path, vr: vr, value: matchValue))
    }

    /// A key as keyword, tag hex, or `Sequence.Attribute`.
    /// - Throws: ``PACSError`` `.badRequest` for an unknown attribute.
    static func attributePath(_ text: some StringProtocol) throws -> [DICOMTag] {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { throw PACSError(.badRequest, "\(text) is not a supported attribute path") }
        return try parts.map { part in
            if let tag = DICOMTag(hex: part) { return tag }
            if let tag = DataDictionary.tag(forKeyword: String(part)) { return tag }
            throw PACSError(.badRequest, "\(part) is neither a DICOM keyword nor a tag")
        }
    }

    private static func matchValue(_ value: String, vr: VR, name: String) throws -> MatchValue {
        if value.isEmpty { return .universal }
        switch vr {
        case .UI:
            let uids = value.split(whereSeparator: { $0 == "\\" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !uids.isEmpty, uids.count <= 1000, uids.allSatisfy({ DICOMUID(rawValue: $0) != nil }) else {
                throw PACSError(.badRequest, "\(name) must be a UID or a list of UIDs")
            }
            return uids.count == 1 ? .single(uids[0]) : .uidList(uids)
        case .DA, .TM, .DT:
            return try rangeOrSingle(value, vr: vr, name: name)
        default:
            if value.contains("*") || value.contains("?") { return .wildcard(value) }
            return .single(value)
        }
    }

    private static func rangeOrSingle(_ value: String, vr: VR, name: String) throws -> MatchValue {
        func normalise(_ text: String) throws -> String? {
            if text.isEmpty { return nil }
            let iso: String?
            switch vr {
            case .DA: iso = DICOMDateTime.isoDate(text)
            case .TM: iso = DICOMDateTime.isoTime(text)
            default: iso = DICOMDateTime.isoDateTime(text)
            }
            guard let iso else { throw PACSError(.badRequest, "\(name) has an invalid \(vr.rawValue) value") }
            return iso
        }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return .single(try normalise(value)!)
        case 2:
            let lower = try normalise(String(parts[0]))
            let upper = try normalise(String(parts[1]))
            guard lower != nil || upper != nil else { throw PACSError(.badRequest, "\(name) range has no bound") }
            return .range(lower: lower, upper: upper)
        default:
            throw PACSError(.badRequest, "\(name) has an invalid range")
        }
    }
}
