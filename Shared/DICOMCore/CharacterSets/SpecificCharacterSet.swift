/// The Specific Character Set (0008,0005) of a data set and how it decodes text (PS3.3 §C.12.1.1.2, PS3.5 §6.1).
public struct SpecificCharacterSet: Sendable, Hashable {
    /// The defined terms, in order; an empty first term means the default repertoire.
    public let terms: [String]
    /// The code element of the first term (nil when unknown), resolved once.
    let initialElement: CodeElement?
    /// True when the set uses ISO 2022 code extensions (escape sequences).
    public let usesCodeExtensions: Bool

    /// Creates a character set from defined terms.
    /// - Parameter terms: e.g. `["ISO_IR 192"]` or `["", "ISO 2022 IR 87"]`.
    public init(terms: [String]) {
        self.terms = terms
        initialElement = terms.first.flatMap(CodeElement.init(term:))
        usesCodeExtensions = terms.count > 1 || terms.first?.hasPrefix("ISO 2022") == true
    }

    /// Parses the raw value of (0008,0005): backslash-separated, space-padded terms.
    /// - Parameter valueBytes: the element's value bytes.
    public init(valueBytes: ArraySlice<UInt8>) {
        var terms = valueBytes.split(separator: 0x5C, omittingEmptySubsequences: false).map { part in
            String(decoding: part, as: UTF8.self).trimmingSpacesAndNULs()
        }
        while terms.count > 1, terms.last == "" { terms.removeLast() }
        if terms == [""] { terms = [] }
        self.init(terms: terms)
    }

    /// The default repertoire (ISO IR 6, decoded as Latin-1 for leniency, as pydicom does).
    public static let `default` = SpecificCharacterSet(terms: [])
    /// ISO_IR 192 (UTF-8).
    public static let utf8 = SpecificCharacterSet(terms: ["ISO_IR 192"])

    /// Checks that every term names a known character set and that stand-alone sets are not combined
    /// with code extensions (PS3.5 §6.1.2.5.4 d).
    /// - Returns: the character set itself, for chaining.
    /// - Throws: `DICOMError.Code.unknownCharacterSet` naming the offending term in `detail`.
    @discardableResult
    public func validated() throws(DICOMError) -> SpecificCharacterSet {
        if let unknown = unknownTerms.first {
            throw DICOMError(.unknownCharacterSet, tag: .specificCharacterSet, detail: "unknown term '\(unknown)'")
        }
        let standAlone = terms.filter { ["ISO_IR 192", "GB18030", "GBK"].contains($0) }
        if !standAlone.isEmpty && terms.count > 1 {
            throw DICOMError(.unknownCharacterSet, tag: .specificCharacterSet, detail: "\(standAlone[0]) cannot use code extensions")
        }
        return self
    }

    /// Terms that name no character set this library knows.
    public var unknownTerms: [String] {
        terms.filter { !$0.isEmpty && CodeElement(term: $0) == nil }
    }
}

extension String {
    /// The string without leading and trailing spaces and NULs.
    func trimmingSpacesAndNULs() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\0" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\0" })!
        return String(scalars[first...last])
    }
}
