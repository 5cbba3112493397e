/// Conversions from DICOM DA / TM text to the ISO forms PostgreSQL's `date` and `time` take.
public enum DICOMDateTime {
    /// `YYYYMMDD` (or the ACR-NEMA `YYYY.MM.DD`) as `YYYY-MM-DD`.
    /// - Returns: nil unless a valid calendar date.
    public static func isoDate(_ value: String) -> String? {
        let digits = value.utf8.count == 10 ? value.replacingOccurrences(of: ".", with: "") : value
        guard digits.utf8.count == 8, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)), let day = Int(digits.suffix(2)),
              year >= 1, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
    }

    /// `HH[MM[SS[.F{1,6}]]]` (or `HH:MM:SS`) as `HH:MM:SS[.ffffff]`; missing parts are zero.
    /// - Returns: nil unless a valid time of day.
    public static func isoTime(_ value: String) -> String? {
        let text = value.replacingOccurrences(of: ":", with: "")
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let main = parts[0]
        guard [2, 4, 6].contains(main.utf8.count), main.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let hour = Int(main.prefix(2)) ?? 99
        let minute = main.utf8.count >= 4 ? Int(main.dropFirst(2).prefix(2)) ?? 99 : 0
        let second = main.utf8.count == 6 ? Int(main.suffix(2)) ?? 99 : 0
        guard hour < 24, minute < 60, second < 61 else { return nil }
        var result = "\(two(hour)):\(two(minute)):\(two(min(second, 59)))"
        if parts.count == 2 {
            let fraction = parts[1]
            guard main.utf8.count == 6, (1...6).contains(fraction.utf8.count), fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            result += "." + fraction
        }
        return result
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension DICOMDateTime {
    /// `YYYYMMDD[HH[MM[SS[.F]]]]` (no UTC offset) as `YYYY-MM-DD HH:MM:SS[.f]`.
    /// - Returns: nil unless valid.
    public static func isoDateTime(_ value: String) -> String? {
        guard value.utf8.count >= 8, let date = isoDate(String(value.prefix(8))) else { return nil }
        let rest = String(value.dropFirst(8))
        if rest.isEmpty { return date + " 00:00:00" }
        guard let time = isoTime(rest) else { return nil }
        return date + " " + time
    }
}
