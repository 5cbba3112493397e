/// One coded character set a Specific Character Set term or escape sequence designates (PS3.3 Tables C.12-2 to C.12-5).
enum CodeElement: Hashable, Sendable {
    /// ISO IR 6 (ASCII) in G0; bytes above 0x7F decode as Latin-1 (lenient, as pydicom).
    case ascii
    /// A single-byte set whose high half (0x80-0xFF) is the given table, ASCII below.
    case singleByte(SingleByte)
    /// JIS X 0208 (ISO IR 87), two bytes in G0.
    case jisX0208
    /// JIS X 0212 (ISO IR 159), two bytes in G0.
    case jisX0212
    /// KS X 1001 (ISO IR 149), two bytes in G1.
    case ksX1001
    /// GB 2312 (ISO IR 58), two bytes in G1.
    case gb2312
    /// UTF-8 (ISO_IR 192), no code extensions.
    case utf8
    /// GB 18030 (and GBK, its two-byte subset), no code extensions.
    case gb18030

    /// The single-byte high halves.
    enum SingleByte: Hashable, Sendable {
        case latin1, latin2, latin3, latin4, greek, arabic, hebrew, cyrillic, latin5, thai, latin9, katakana

        var table: [UInt16] {
            switch self {
            case .latin1: CharacterSetTables.latin1
            case .latin2: CharacterSetTables.latin2
            case .latin3: CharacterSetTables.latin3
            case .latin4: CharacterSetTables.latin4
            case .greek: CharacterSetTables.greek
            case .arabic: CharacterSetTables.arabic
            case .hebrew: CharacterSetTables.hebrew
            case .cyrillic: CharacterSetTables.cyrillic
            case .latin5: CharacterSetTables.latin5
            case .thai: CharacterSetTables.thai
            case .latin9: CharacterSetTables.latin9
            case .katakana: CharacterSetTables.katakana
            }
        }
    }

    /// Maps a defined term of (0008,0005) to its code element.
    /// - Parameter term: e.g. `"ISO_IR 100"`, `"ISO 2022 IR 87"`, `"GB18030"`.
    /// - Returns: nil for unknown terms.
    init?(term: String) {
        let key = term.replacingUnderscoreVariant()
        switch key {
        case "", "ISO_IR 6", "ISO 2022 IR 6": self = .ascii
        case "ISO_IR 100", "ISO 2022 IR 100": self = .singleByte(.latin1)
        case "ISO_IR 101", "ISO 2022 IR 101": self = .singleByte(.latin2)
        case "ISO_IR 109", "ISO 2022 IR 109": self = .singleByte(.latin3)
        case "ISO_IR 110", "ISO 2022 IR 110": self = .singleByte(.latin4)
        case "ISO_IR 126", "ISO 2022 IR 126": self = .singleByte(.greek)
        case "ISO_IR 127", "ISO 2022 IR 127": self = .singleByte(.arabic)
        case "ISO_IR 138", "ISO 2022 IR 138": self = .singleByte(.hebrew)
        case "ISO_IR 144", "ISO 2022 IR 144": self = .singleByte(.cyrillic)
        case "ISO_IR 148", "ISO 2022 IR 148": self = .singleByte(.latin5)
        case "ISO_IR 166", "ISO 2022 IR 166": self = .singleByte(.thai)
        case "ISO_IR 203", "ISO 2022 IR 203": self = .singleByte(.latin9)
        case "ISO_IR 13", "ISO 2022 IR 13": self = .singleByte(.katakana)
        case "ISO 2022 IR 87": self = .jisX0208
        case "ISO 2022 IR 159": self = .jisX0212
        case "ISO 2022 IR 149": self = .ksX1001
        case "ISO 2022 IR 58", "ISO 2022 58": self = .gb2312
        case "ISO_IR 192": self = .utf8
        case "GB18030", "GBK", "ISO 2022 GBK": self = .gb18030
        default: return nil
        }
    }

    /// True for sets designated into G1 (the high half).
    var isG1: Bool {
        switch self {
        case .singleByte, .ksX1001, .gb2312: true
        default: false
        }
    }
}

extension String {
    /// Accepts the common misspelling `ISO IR 100` for `ISO_IR 100`.
    fileprivate func replacingUnderscoreVariant() -> String {
        if hasPrefix("ISO IR ") { return "ISO_IR " + dropFirst(7) }
        if hasPrefix("ISO-IR ") { return "ISO_IR " + dropFirst(7) }
        return self
    }
}
