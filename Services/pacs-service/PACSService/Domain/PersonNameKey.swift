import Foundation

/// Folded forms of a person name (PN) for case-insensitive and fuzzy matching.
///
/// The key folds case and diacritics (`Müller^Jürgen` → `MULLER^JURGEN`) and keeps the
/// component separators; the words are the key's non-empty name components, which
/// `fuzzymatching=true` matches by prefix.
public struct PersonNameKey: Sendable, Hashable {
    /// The folded full value.
    public var key: String
    /// The folded components (family, given, middle, prefix, suffix of every group).
    public var words: [String]

    /// Folds a name.
    /// - Parameter name: A PN value as decoded (`Family^Given^Middle^Prefix^Suffix=…`).
    public init(_ name: String) {
        key = PersonNameKey.fold(name)
        words = key.split(whereSeparator: { $0 == "^" || $0 == "=" || $0 == " " || $0 == "," || $0 == "-" })
            .map(String.init)
        var seen = Set<String>()
        words = words.filter { seen.insert($0).inserted }
    }

    /// Case- and diacritic-folded, upper-cased text, trailing separators removed.
    public static func fold(_ text: String) -> String {
        var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).uppercased()
        while let last = folded.last, last == "^" || last == "=" || last == " " { folded.removeLast() }
        return folded
    }
}
