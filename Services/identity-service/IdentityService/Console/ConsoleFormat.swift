import Foundation

/// Display helpers shared by the console pages.
enum ConsoleFormat {
    /// `2026-01-31 14:05:09 UTC`.
    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }

    /// Lines of a textarea, trimmed, empties dropped, at most `limit` lines.
    static func lines(_ text: String, limit: Int = 100) -> [String] {
        Array(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.prefix(limit))
    }

    /// Paging links for a list: `previous`/`next` query strings; nil for an empty first page.
    static func paging(first: Int, max: Int, shown: Int, hasMore: Bool, extra: String) -> [String: Any]? {
        if first == 0, shown == 0 { return nil }
        var values: [String: Any] = ["from": shown == 0 ? 0 : first + 1, "to": first + shown]
        if first > 0 { values["previous"] = "?first=\(Swift.max(0, first - max))&max=\(max)\(extra)" }
        if hasMore { values["next"] = "?first=\(first + max)&max=\(max)\(extra)" }
        return values
    }
}
