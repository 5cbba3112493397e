import DICOMCore

/// A parsed QIDO-RS search (PS3.18 §10.6.1, §8.3.4): level, scope, match keys, return keys
/// and paging. Built from the request by ``QIDOQuery/init(level:study:series:parameters:defaultLimit:maxLimit:)``.
public struct QIDOQuery: Sendable {
    /// The level searched.
    public enum Level: Sendable, Hashable { case study, series, instance }

    /// One matching key.
    public struct Match: Sendable {
        /// The attribute, or a sequence and an attribute of its items (PS3.18 §8.3.4.1).
        public var path: [DICOMTag]
        /// The VR of the matched attribute.
        public var vr: VR
        /// How to match.
        public var value: MatchValue
    }

    /// The kinds of matching of PS3.4 §C.2.2.2.
    public enum MatchValue: Sendable, Equatable {
        /// Empty value: every entity matches; the attribute is returned.
        case universal
        /// Single value matching (exact; person names case- and accent-insensitive).
        case single(String)
        /// Wildcard matching with `*` and `?`.
        case wildcard(String)
        /// UID list matching.
        case uidList([String])
        /// Range matching on DA / TM / DT, bounds in ISO form; nil is open.
        case range(lower: String?, upper: String?)
    }

    /// The level searched.
    public var level: Level
    /// The study the path names.
    public var study: DICOMUID?
    /// The series the path names.
    public var series: DICOMUID?
    /// The matching keys.
    public var matches: [Match] = []
    /// Extra attributes to return.
    public var includeFields: [DICOMTag] = []
    /// `includefield=all`.
    public var includeAll = false
    /// `fuzzymatching=true`: person names match by word prefix.
    public var fuzzy = false
    /// Most results to return.
    public var limit: Int
    /// Results to skip.
    public var offset = 0
    /// `emptyvaluematching=true` was asked (not supported: answered with a Warning).
    public var emptyValueMatchingRequested = false
    /// True when the requested limit was larger than the maximum and was lowered.
    public var limitLowered = false
    /// A study-level order other than the default (set by the admin UI, never parsed from DICOMweb).
    public var sort: QIDOSort?
}
